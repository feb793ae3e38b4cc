"""The project's own fixture cases (tests/fixtures/<site>/<case>/) run through the
cleantext pytest plugin: one test per case; ``pytest --bless`` accepts new outputs."""

pytest_plugins = ["cleantext.testing", "pytester"]
