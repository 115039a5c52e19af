"""Signing in through the real sign-in form, for tests of the manage area."""

from bs4 import BeautifulSoup

from safeplaces import auth

PASSWORD = "correct horse battery"


def csrf_token(client, url):
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def make_account(db, email, role):
    auth.create_user(db, email, PASSWORD, role, by="test")


def sign_in(client, email, password=PASSWORD, address="127.0.0.1"):
    token = csrf_token(client, "/manage/login")
    return client.post(
        "/manage/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
