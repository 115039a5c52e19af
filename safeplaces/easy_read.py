"""Easy-read pages: the words and pictures, kept as data so they can be checked and translated.

Each page is a list of lines; each line is one idea: a picture (an OpenMoji SVG in
static/vendor/openmoji/, named by its Unicode code points), the picture's alt text, and the
words, in sentences of at most MAX_WORDS words (a phone number counts as one word). A line may
end with a link, and may be followed by the search form.

Words, links and their addresses may hold placeholders, filled from configuration when a page
is shown: {scheme}, {area}, {place} and {places} (what one place of the scheme is called, and
many), {emergency}, {non_emergency}, {police} and {police_report_url} (the local police and their
online report), and the national {true_vision_url} and {crimestoppers} (safeplaces/reporting.py).
A line that `requires` a placeholder is left out when that placeholder is empty, as the line on
reporting centres is when the scheme lists none. Phone numbers in the words become tel: links.
"""

import re
from dataclasses import dataclass, replace

import phonenumbers

from . import reporting

MAX_WORDS = 15
REGION = "GB"  # how phone numbers written without +44 are read
# Short numbers to dial as written. A number like 150 is only a phone number when the scheme
# configures it (see phone_parts), so "150 places" is never a link.
SHORT_NUMBERS = frozenset({"999", "112", "101", "111"})

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SHORT_NUMBER = re.compile(r"(?<![\w,.])\d{3,5}(?!\w)")


@dataclass(frozen=True)
class Line:
    picture: str  # file name in static/vendor/openmoji/, e.g. "1F3EA.svg"
    alt: str  # what the picture means, for people who cannot see it
    words: str
    href: str | None = None  # a link after the words...
    link: str | None = None  # ...and its text
    search_form: bool = False  # show the "find a place" search box after this line
    requires: str | None = None  # a placeholder that must have a value for the line to be shown


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    picture: str  # shown beside the page's link on the index
    lines: tuple[Line, ...]
    intro: str | None = None


INDEX_TITLE = "Easy read"
INDEX_INTRO = "These pages tell you about {scheme} in easy words and pictures."
READ_ALOUD_PICTURE = "1F50A.svg"  # a loudspeaker, on the "Read this page to me" button

# The words on buttons, labels and links that every easy-read page shares.
UI = {
    "read_aloud": "Read this page to me",
    "stop_reading": "Stop reading",
    "search_label": "Your postcode or town",
    "search_button": "Find places",
    "use_my_location": "Use my location",
    "more_pages": "More easy read pages",
}

PAGES = (
    Page(
        "what-is-a-keep-safe-place",
        "What is a {place}?",
        "1F3EA.svg",
        (
            Line("1F3EA.svg", "A shop", "A {place} is a shop, café, library or council office."),
            Line("1FA9F.svg", "A window", "It has a {scheme} sticker in the window."),
            Line(
                "E083.svg",
                "Someone helping a person",
                "The staff will help you if you feel lost, scared or unsafe.",
            ),
            Line(
                "1FA91.svg",
                "A chair to sit on",
                "They will let you stay somewhere safe until you feel better.",
            ),
            Line(
                "1F4DE.svg", "A telephone", "They can phone someone you trust, like your family or a carer."
            ),
            Line("1F46E.svg", "A police officer", "They can phone the police if you need them."),
            Line("1F6AA.svg", "A door", "You can go in even if you do not have a Keep Safe card."),
            Line("1F4CD.svg", "A pin on a map", "There are {places} all over {area}."),
            Line(
                "1F50D.svg",
                "A magnifying glass",
                "You can find a {place} near you on this website.",
                "/easy-read/find-a-place",
                "Find a {place}",
            ),
        ),
    ),
    Page(
        "your-keep-safe-card",
        "Your Keep Safe card",
        "1FAAA.svg",
        (
            Line(
                "1FAAA.svg",
                "A card with a name on it",
                "A Keep Safe card is a small card you carry with you.",
            ),
            Line("1F4DE.svg", "A telephone", "It has the name and phone number of someone you trust."),
            Line("1F45B.svg", "A purse", "Keep your card in your bag, purse or pocket."),
            Line("1F3EA.svg", "A shop", "If you feel lost, scared or unsafe, go into a {place}."),
            Line("1FAAA.svg", "A card with a name on it", "Show your card to the staff."),
            Line("1F4DE.svg", "A telephone", "The staff will phone the person on your card."),
            Line("1F6AA.svg", "A door", "You can still go into a {place} without a card."),
            Line(
                "1F4BB.svg",
                "A computer",
                "You can make your own card on this website.",
                "/cards/new",
                "Make your Keep Safe card",
            ),
            Line("1F5A8.svg", "A printer", "Print your card at home, or ask someone to print it for you."),
            Line("1F512.svg", "A padlock", "This website does not keep the details you put on your card."),
            Line(
                "1F91D.svg", "Two hands shaking", "Ask someone you trust if you need help to make your card."
            ),
        ),
    ),
    Page(
        "if-you-feel-unsafe",
        "If you feel unsafe when you are out",
        "1F61F.svg",
        (
            Line("1F61F.svg", "A worried face", "You might feel lost, scared or unsafe when you are out."),
            Line("1FA9F.svg", "A window", "Look for the {scheme} sticker in a shop window."),
            Line("1F6AA.svg", "A door", "Go in and tell the staff you need help."),
            Line("1FAAA.svg", "A card with a name on it", "Show them your Keep Safe card if you have one."),
            Line(
                "E083.svg",
                "Someone helping a person",
                "The staff will help you. They can phone someone you trust.",
            ),
            Line("1F691.svg", "An ambulance", "An emergency is when someone is hurt or in danger right now."),
            Line("1F6A8.svg", "A flashing police light", "In an emergency, phone {emergency}."),
            Line(
                "1F46E.svg",
                "A police officer",
                "If it is not an emergency, phone the police on {non_emergency}.",
            ),
            Line(
                "1F198.svg",
                "A help button",
                "Press “I need help now” to find the nearest place that is open.",
                "/help-now",
                "I need help now",
            ),
            Line(
                "1F50D.svg",
                "A magnifying glass",
                "Before you go out, find the {places} near you.",
                "/easy-read/find-a-place",
                "Find a {place}",
            ),
        ),
    ),
    Page(
        "what-is-hate-crime",
        "What is hate crime?",
        "1F92C.svg",
        (
            Line(
                "1F915.svg",
                "A hurt face with a bandage",
                "Hate crime is when someone hurts you because of who you are.",
            ),
            Line(
                "1F44A.svg",
                "A fist",
                "It is hate crime if someone threatens you. This means they say they will hurt you.",
            ),
            Line("1F92C.svg", "A face shouting rude words", "Calling you nasty names can be hate crime too."),
            Line(
                "267F.svg",
                "The disability sign",
                "It can be because you have a disability, like a learning disability.",
            ),
            Line(
                "1FAF1-1F3FB-200D-1FAF2-1F3FF.svg",
                "Hands with different skin colours",
                "It can be because of your race. "
                "This means your skin colour or where your family comes from.",
            ),
            Line(
                "1F6D0.svg",
                "A place of worship",
                "It can be because of your religion or belief. This means what you believe in.",
            ),
            Line(
                "1F3F3-FE0F-200D-1F308.svg",
                "A rainbow flag",
                "It can be because of your sexual orientation. "
                "This means if you are gay, lesbian, bisexual or straight.",
            ),
            Line(
                "1F3F3-FE0F-200D-26A7-FE0F.svg",
                "The transgender flag",
                "It can be because you are transgender. "
                "This means your gender is different from the one you were given at birth.",
            ),
            Line(
                "1F918.svg",
                "A rock music hand sign",
                "In {area}, it can be any other difference too. For example, being a Goth.",
            ),
            Line(
                "1F5EF.svg",
                "An angry speech bubble",
                "Some hate is not a crime. It is called a hate incident.",
            ),
            Line(
                "1F5E3.svg",
                "A person speaking",
                "Hate incidents matter too. You can tell the police about them.",
            ),
            Line(
                "1F465.svg",
                "Two people",
                "It can be someone you know, like a carer, a friend or a neighbour.",
            ),
            Line(
                "1F978.svg",
                "A face in a disguise",
                "Mate crime is when someone pretends to be your friend to hurt you.",
            ),
            Line(
                "1F4B8.svg",
                "Money flying away",
                "They might take your money or make you do things you do not want.",
            ),
            Line("1FAC2.svg", "Two people hugging", "Hate crime is wrong. It is not your fault."),
            Line(
                "1F5E3.svg",
                "A person speaking",
                "Telling the police about hate crime is called reporting it.",
                "/easy-read/report-hate-crime",
                "How to report hate crime",
            ),
        ),
    ),
    Page(
        "report-hate-crime",
        "How to report hate crime",
        "1F5E3.svg",
        (
            Line(
                "1F5E3.svg",
                "A person speaking",
                "Reporting hate crime means telling the police what happened.",
            ),
            Line("1F691.svg", "An ambulance", "An emergency is when someone is hurt or in danger right now."),
            Line("1F6A8.svg", "A flashing police light", "In an emergency, phone {emergency}."),
            Line(
                "1F46E.svg",
                "A police officer",
                "If it is not an emergency, phone the police on {non_emergency}.",
            ),
            Line(
                "1F4BB.svg",
                "A computer",
                "You can also tell {police} on their website.",
                "{police_report_url}",
                "Report it to {police} online",
            ),
            Line(
                "1F4BB.svg",
                "A computer",
                "True Vision is a website where you can report hate crime. The police pay for it.",
                "{true_vision_url}",
                "Report it on True Vision",
            ),
            Line(
                "1F464.svg",
                "A person with no face",
                "If you do not want to give your name, phone Crimestoppers on {crimestoppers}.",
            ),
            Line(
                "1F4CD.svg",
                "A pin on a map",
                "Some places in {area} help people report hate crime.",
                "/report-hate-crime#centres",
                "Places that help you report",
                requires="reporting_centres",
            ),
            Line("1F3EA.svg", "A shop", "Staff at a {place} can help you report it."),
            Line("1F91D.svg", "Two hands shaking", "Someone you trust can help you report it too."),
            Line("1F4DD.svg", "Paper and a pencil", "If you can, write down what happened, where and when."),
            Line("1F6D1.svg", "A stop sign", "Reporting hate crime helps to stop it happening again."),
        ),
    ),
    Page(
        "find-a-place",
        "Find a {place} near you",
        "1F50D.svg",
        (
            Line("1F50D.svg", "A magnifying glass", "You can find {places} near you on this website."),
            Line(
                "2328.svg",
                "A keyboard",
                "Type your postcode or the name of your town in the box.",
                search_form=True,
            ),
            Line("1F4CD.svg", "A pin on a map", "You will see a list of the nearest places."),
            Line("1F6B6.svg", "A person walking", "It tells you how long it takes to walk there."),
            Line("1F552.svg", "A clock", "It tells you if each place is open now."),
            Line("1F4DE.svg", "A telephone", "You can phone each place from the list."),
            Line(
                "1F198.svg",
                "A help button",
                "Press “I need help now” to find the nearest place that is open.",
                "/help-now",
                "I need help now",
            ),
            Line("1F6A8.svg", "A flashing police light", "If you are in danger now, phone {emergency}."),
        ),
    ),
)

BY_SLUG = {page.slug: page for page in PAGES}


def page(slug):
    """The page with this slug, or None."""
    return BY_SLUG.get(slug)


def placeholders(config):
    """The placeholder values from a configuration mapping (Flask's app.config, or a dict)."""
    return {
        "scheme": config["SAFEPLACES_SCHEME_NAME"],
        "area": config["SAFEPLACES_AREA_NAME"],
        "place": config["SAFEPLACES_PLACE_NAME"],
        "places": config["SAFEPLACES_PLACE_NAME_PLURAL"],
        "emergency": config["SAFEPLACES_EMERGENCY_PHONE"],
        "non_emergency": config["SAFEPLACES_NON_EMERGENCY_PHONE"],
        "police": config["SAFEPLACES_POLICE_NAME"],
        "police_report_url": config["SAFEPLACES_POLICE_REPORT_URL"],
        "true_vision_url": reporting.TRUE_VISION_URL,
        "crimestoppers": reporting.CRIMESTOPPERS_PHONE,
        "reporting_centres": "yes" if config["SAFEPLACES_REPORTING_CENTRES"] else "",
    }


def fill(text, values):
    """The text with each {placeholder} replaced; an unknown placeholder is a KeyError."""
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text) if text else text


def filled(page, values):
    """The page with every placeholder filled, less the lines whose required placeholder is empty."""
    lines = tuple(
        replace(
            line,
            alt=fill(line.alt, values),
            words=fill(line.words, values),
            href=fill(line.href, values),
            link=fill(line.link, values),
        )
        for line in page.lines
        if not line.requires or values[line.requires]
    )
    return replace(page, title=fill(page.title, values), intro=fill(page.intro, values), lines=lines)


def phone_spans(text, short_numbers=(), region=REGION):
    """(start, end) of each phone number: full numbers (phonenumbers finds them) and short ones."""
    spans = [(match.start, match.end) for match in phonenumbers.PhoneNumberMatcher(text, region)]
    short = SHORT_NUMBERS | {str(number) for number in short_numbers}
    for match in SHORT_NUMBER.finditer(text):
        inside = any(start <= match.start() < end for start, end in spans)
        if not inside and match.group() in short:
            spans.append(match.span())
    return sorted(spans)


def phone_parts(text, short_numbers=(), region=REGION):
    """The text cut into (words, None) and (phone number, digits to dial) parts, in order.

    short_numbers: more short numbers to recognise, such as the scheme's configured ones.
    """
    parts, at = [], 0
    for start, end in phone_spans(text, short_numbers, region):
        if start > at:
            parts.append((text[at:start], None))
        number = text[start:end]
        parts.append((number, re.sub(r"[^\d+]", "", number)))
        at = end
    if at < len(text):
        parts.append((text[at:], None))
    return parts


def count_words(sentence, short_numbers=(), region=REGION):
    """The number of words, counting a phone number ("0800 555 111") as one word."""
    words = 0
    for part, dial in phone_parts(sentence, short_numbers, region):
        words += 1 if dial else sum(1 for token in part.split() if re.search(r"\w", token))
    return words


def split_sentences(text):
    """The sentences in a piece of text."""
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence] if text else []


def page_sentences(page):
    """Every sentence a reader sees on the page, in order: title, intro, words and link text."""
    texts = [page.title, page.intro]
    for line in page.lines:
        texts += [line.words, line.link]
    return [sentence for text in texts for sentence in split_sentences(text)]


def sentences(values=None):
    """Every sentence of every easy-read page (and the index), filled when values are given."""
    pages = [filled(page, values) if values else page for page in PAGES]
    found = [
        INDEX_TITLE,
        *split_sentences(fill(INDEX_INTRO, values) if values else INDEX_INTRO),
        *UI.values(),
    ]
    for page in pages:
        found += page_sentences(page)
    return found


def pictures():
    """The file names of every picture the pages use."""
    return sorted(
        {line.picture for page in PAGES for line in page.lines}
        | {page.picture for page in PAGES}
        | {READ_ALOUD_PICTURE}
    )
