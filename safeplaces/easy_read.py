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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import phonenumbers

from . import reporting
from .i18n import N_, _

MAX_WORDS = 15
REGION = "GB"  # how phone numbers written without +44 are read
# Short numbers to dial as written. A number like 150 is only a phone number when the scheme
# configures it (see phone_parts), so "150 places" is never a link.
SHORT_NUMBERS = frozenset({"999", "112", "101", "111"})

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# A full stop in English, Polish, Somali, Welsh and Gujarati; Urdu's full stop (۔), the danda of
# Punjabi (।) and the Arabic question mark (؟).
SENTENCE_END = re.compile(r"(?<=[.!?۔।؟])\s+")
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


INDEX_TITLE = N_("Easy read")
INDEX_INTRO = N_("These pages tell you about {scheme} in easy words and pictures.")
READ_ALOUD_PICTURE = "1F50A.svg"  # a loudspeaker, on the "Read this page to me" button

# The words on buttons, labels and links that every easy-read page shares.
UI = {
    "read_aloud": N_("Read this page to me"),
    "stop_reading": N_("Stop reading"),
    "search_label": N_("Your postcode or town"),
    "search_button": N_("Find places"),
    "use_my_location": N_("Use my location"),
    "more_pages": N_("More easy read pages"),
    # Said, or shown, where the browser can speak but has no voice for the page's language.
    "no_voice": N_("This browser cannot read this page aloud in this language."),
}

PAGES = (
    Page(
        "what-is-a-keep-safe-place",
        N_("What is a {place}?"),
        "1F3EA.svg",
        (
            Line("1F3EA.svg", N_("A shop"), N_("A {place} is a shop, café, library or council office.")),
            Line("1FA9F.svg", N_("A window"), N_("It has a {scheme} sticker in the window.")),
            Line(
                "E083.svg",
                N_("Someone helping a person"),
                N_("The staff will help you if you feel lost, scared or unsafe."),
            ),
            Line(
                "1FA91.svg",
                N_("A chair to sit on"),
                N_("They will let you stay somewhere safe until you feel better."),
            ),
            Line(
                "1F4DE.svg",
                N_("A telephone"),
                N_("They can phone someone you trust, like your family or a carer."),
            ),
            Line("1F46E.svg", N_("A police officer"), N_("They can phone the police if you need them.")),
            Line("1F6AA.svg", N_("A door"), N_("You can go in even if you do not have a Keep Safe card.")),
            Line("1F4CD.svg", N_("A pin on a map"), N_("There are {places} all over {area}.")),
            Line(
                "1F50D.svg",
                N_("A magnifying glass"),
                N_("You can find a {place} near you on this website."),
                "/easy-read/find-a-place",
                N_("Find a {place}"),
            ),
        ),
    ),
    Page(
        "your-keep-safe-card",
        N_("Your Keep Safe card"),
        "1FAAA.svg",
        (
            Line(
                "1FAAA.svg",
                N_("A card with a name on it"),
                N_("A Keep Safe card is a small card you carry with you."),
            ),
            Line(
                "1F4DE.svg", N_("A telephone"), N_("It has the name and phone number of someone you trust.")
            ),
            Line("1F45B.svg", N_("A purse"), N_("Keep your card in your bag, purse or pocket.")),
            Line("1F3EA.svg", N_("A shop"), N_("If you feel lost, scared or unsafe, go into a {place}.")),
            Line("1FAAA.svg", N_("A card with a name on it"), N_("Show your card to the staff.")),
            Line("1F4DE.svg", N_("A telephone"), N_("The staff will phone the person on your card.")),
            Line("1F6AA.svg", N_("A door"), N_("You can still go into a {place} without a card.")),
            Line(
                "1F4BB.svg",
                N_("A computer"),
                N_("You can make your own card on this website."),
                "/cards/new",
                N_("Make your Keep Safe card"),
            ),
            Line(
                "1F5A8.svg",
                N_("A printer"),
                N_("Print your card at home, or ask someone to print it for you."),
            ),
            Line(
                "1F512.svg",
                N_("A padlock"),
                N_("This website does not keep the details you put on your card."),
            ),
            Line(
                "1F91D.svg",
                N_("Two hands shaking"),
                N_("Ask someone you trust if you need help to make your card."),
            ),
        ),
    ),
    Page(
        "if-you-feel-unsafe",
        N_("If you feel unsafe when you are out"),
        "1F61F.svg",
        (
            Line(
                "1F61F.svg",
                N_("A worried face"),
                N_("You might feel lost, scared or unsafe when you are out."),
            ),
            Line("1FA9F.svg", N_("A window"), N_("Look for the {scheme} sticker in a shop window.")),
            Line("1F6AA.svg", N_("A door"), N_("Go in and tell the staff you need help.")),
            Line(
                "1FAAA.svg",
                N_("A card with a name on it"),
                N_("Show them your Keep Safe card if you have one."),
            ),
            Line(
                "E083.svg",
                N_("Someone helping a person"),
                N_("The staff will help you. They can phone someone you trust."),
            ),
            Line(
                "1F691.svg",
                N_("An ambulance"),
                N_("An emergency is when someone is hurt or in danger right now."),
            ),
            Line("1F6A8.svg", N_("A flashing police light"), N_("In an emergency, phone {emergency}.")),
            Line(
                "1F46E.svg",
                N_("A police officer"),
                N_("If it is not an emergency, phone the police on {non_emergency}."),
            ),
            Line(
                "1F198.svg",
                N_("A help button"),
                N_("Press “I need help now” to find the nearest place that is open."),
                "/help-now",
                N_("I need help now"),
            ),
            Line(
                "1F50D.svg",
                N_("A magnifying glass"),
                N_("Before you go out, find the {places} near you."),
                "/easy-read/find-a-place",
                N_("Find a {place}"),
            ),
        ),
    ),
    Page(
        "what-is-hate-crime",
        N_("What is hate crime?"),
        "1F92C.svg",
        (
            Line(
                "1F915.svg",
                N_("A hurt face with a bandage"),
                N_("Hate crime is when someone hurts you because of who you are."),
            ),
            Line(
                "1F44A.svg",
                N_("A fist"),
                N_("It is hate crime if someone threatens you. This means they say they will hurt you."),
            ),
            Line(
                "1F92C.svg",
                N_("A face shouting rude words"),
                N_("Calling you nasty names can be hate crime too."),
            ),
            Line(
                "267F.svg",
                N_("The disability sign"),
                N_("It can be because you have a disability, like a learning disability."),
            ),
            Line(
                "1FAF1-1F3FB-200D-1FAF2-1F3FF.svg",
                N_("Hands with different skin colours"),
                N_(
                    "It can be because of your race. "
                    "This means your skin colour or where your family comes from."
                ),
            ),
            Line(
                "1F6D0.svg",
                N_("A place of worship"),
                N_("It can be because of your religion or belief. This means what you believe in."),
            ),
            Line(
                "1F3F3-FE0F-200D-1F308.svg",
                N_("A rainbow flag"),
                N_(
                    "It can be because of your sexual orientation. "
                    "This means if you are gay, lesbian, bisexual or straight."
                ),
            ),
            Line(
                "1F3F3-FE0F-200D-26A7-FE0F.svg",
                N_("The transgender flag"),
                N_(
                    "It can be because you are transgender. "
                    "This means your gender is different from the one you were given at birth."
                ),
            ),
            Line(
                "1F918.svg",
                N_("A rock music hand sign"),
                N_("In {area}, it can be any other difference too. For example, being a Goth."),
            ),
            Line(
                "1F5EF.svg",
                N_("An angry speech bubble"),
                N_("Some hate is not a crime. It is called a hate incident."),
            ),
            Line(
                "1F5E3.svg",
                N_("A person speaking"),
                N_("Hate incidents matter too. You can tell the police about them."),
            ),
            Line(
                "1F465.svg",
                N_("Two people"),
                N_("It can be someone you know, like a carer, a friend or a neighbour."),
            ),
            Line(
                "1F978.svg",
                N_("A face in a disguise"),
                N_("Mate crime is when someone pretends to be your friend to hurt you."),
            ),
            Line(
                "1F4B8.svg",
                N_("Money flying away"),
                N_("They might take your money or make you do things you do not want."),
            ),
            Line("1FAC2.svg", N_("Two people hugging"), N_("Hate crime is wrong. It is not your fault.")),
            Line(
                "1F5E3.svg",
                N_("A person speaking"),
                N_("Telling the police about hate crime is called reporting it."),
                "/easy-read/report-hate-crime",
                N_("How to report hate crime"),
            ),
        ),
    ),
    Page(
        "report-hate-crime",
        N_("How to report hate crime"),
        "1F5E3.svg",
        (
            Line(
                "1F5E3.svg",
                N_("A person speaking"),
                N_("Reporting hate crime means telling the police what happened."),
            ),
            Line(
                "1F691.svg",
                N_("An ambulance"),
                N_("An emergency is when someone is hurt or in danger right now."),
            ),
            Line("1F6A8.svg", N_("A flashing police light"), N_("In an emergency, phone {emergency}.")),
            Line(
                "1F46E.svg",
                N_("A police officer"),
                N_("If it is not an emergency, phone the police on {non_emergency}."),
            ),
            Line(
                "1F4BB.svg",
                N_("A computer"),
                N_("You can also tell {police} on their website."),
                "{police_report_url}",
                N_("Report it to {police} online"),
            ),
            Line(
                "1F4BB.svg",
                N_("A computer"),
                N_("True Vision is a website where you can report hate crime. The police pay for it."),
                "{true_vision_url}",
                N_("Report it on True Vision"),
            ),
            Line(
                "1F464.svg",
                N_("A person with no face"),
                N_("If you do not want to give your name, phone Crimestoppers on {crimestoppers}."),
            ),
            Line(
                "1F4CD.svg",
                N_("A pin on a map"),
                N_("Some places in {area} help people report hate crime."),
                "/report-hate-crime#centres",
                N_("Places that help you report"),
                requires="reporting_centres",
            ),
            Line("1F3EA.svg", N_("A shop"), N_("Staff at a {place} can help you report it.")),
            Line("1F91D.svg", N_("Two hands shaking"), N_("Someone you trust can help you report it too.")),
            Line(
                "1F4DD.svg",
                N_("Paper and a pencil"),
                N_("If you can, write down what happened, where and when."),
            ),
            Line(
                "1F6D1.svg", N_("A stop sign"), N_("Reporting hate crime helps to stop it happening again.")
            ),
        ),
    ),
    Page(
        "find-a-place",
        N_("Find a {place} near you"),
        "1F50D.svg",
        (
            Line(
                "1F50D.svg", N_("A magnifying glass"), N_("You can find {places} near you on this website.")
            ),
            Line(
                "2328.svg",
                N_("A keyboard"),
                N_("Type your postcode or the name of your town in the box."),
                search_form=True,
            ),
            Line("1F4CD.svg", N_("A pin on a map"), N_("You will see a list of the nearest places.")),
            Line("1F6B6.svg", N_("A person walking"), N_("It tells you how long it takes to walk there.")),
            Line("1F552.svg", N_("A clock"), N_("It tells you if each place is open now.")),
            Line("1F4DE.svg", N_("A telephone"), N_("You can phone each place from the list.")),
            Line(
                "1F198.svg",
                N_("A help button"),
                N_("Press “I need help now” to find the nearest place that is open."),
                "/help-now",
                N_("I need help now"),
            ),
            Line(
                "1F6A8.svg", N_("A flashing police light"), N_("If you are in danger now, phone {emergency}.")
            ),
        ),
    ),
)

BY_SLUG = {page.slug: page for page in PAGES}


def page(slug: str) -> Page | None:
    """The page with this slug, or None."""
    return BY_SLUG.get(slug)


def placeholders(config: Mapping) -> dict[str, str]:
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


def fill(text: str, values: Mapping[str, object]) -> str:
    """The text with each {placeholder} replaced; an unknown placeholder is a KeyError."""
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text) if text else text


def said(text: str, values: Mapping[str, object]) -> str:
    """Words of a page in the reader's language (safeplaces/i18n.py), placeholders filled."""
    return fill(_(text), values) if text else text


def filled(page: Page, values: Mapping[str, object]) -> Page:
    """The page in the reader's language with every placeholder filled, less the lines whose
    required placeholder is empty."""
    lines = tuple(
        replace(
            line,
            alt=said(line.alt, values),
            words=said(line.words, values),
            href=fill(line.href, values),
            link=said(line.link, values),
        )
        for line in page.lines
        if not line.requires or values[line.requires]
    )
    return replace(page, title=said(page.title, values), intro=said(page.intro, values), lines=lines)


def ui_words() -> dict[str, str]:
    """The words every easy-read page shares, in the reader's language."""
    return {key: _(words) for key, words in UI.items()}


def phone_spans(text: str, short_numbers: Sequence[str] = (), region: str = REGION) -> list[tuple[int, int]]:
    """(start, end) of each phone number: full numbers (phonenumbers finds them) and short ones."""
    spans = [(match.start, match.end) for match in phonenumbers.PhoneNumberMatcher(text, region)]
    short = SHORT_NUMBERS | {str(number) for number in short_numbers}
    for match in SHORT_NUMBER.finditer(text):
        inside = any(start <= match.start() < end for start, end in spans)
        if not inside and match.group() in short:
            spans.append(match.span())
    return sorted(spans)


def phone_parts(
    text: str, short_numbers: Sequence[str] = (), region: str = REGION
) -> list[tuple[str, str | None]]:
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


def count_words(sentence: str, short_numbers: Sequence[str] = (), region: str = REGION) -> int:
    """The number of words, counting a phone number ("0800 555 111") as one word."""
    words = 0
    for part, dial in phone_parts(sentence, short_numbers, region):
        words += 1 if dial else sum(1 for token in part.split() if re.search(r"\w", token))
    return words


def split_sentences(text: str | None) -> list[str]:
    """The sentences in a piece of text."""
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence] if text else []


def page_sentences(page: Page) -> list[str]:
    """Every sentence a reader sees on the page, in order: title, intro, words and link text."""
    texts = [page.title, page.intro]
    for line in page.lines:
        texts += [line.words, line.link]
    return [sentence for text in texts for sentence in split_sentences(text)]


def sentences(values: Mapping[str, object] | None = None) -> list[str]:
    """Every sentence of every easy-read page (and the index), in the reader's language and
    filled when values are given; as written (English, placeholders kept) when not."""
    pages = [filled(page, values) if values else page for page in PAGES]
    found = [
        _(INDEX_TITLE) if values else INDEX_TITLE,
        *split_sentences(said(INDEX_INTRO, values) if values else INDEX_INTRO),
        *(ui_words() if values else UI).values(),
    ]
    for page in pages:
        found += page_sentences(page)
    return found


def pictures() -> list[str]:
    """The file names of every picture the pages use."""
    return sorted(
        {line.picture for page in PAGES for line in page.lines}
        | {page.picture for page in PAGES}
        | {READ_ALOUD_PICTURE}
    )
