"""Entry point for `flask --app app ...`."""

from safeplaces import create_app

app = create_app()
