"""Reads the key=value lines that both sides of a benchmark print into one dict, for the scripts that print ratios."""


def read(paths):
    values = {}
    for path in paths:
        for line in open(path):
            key, _, value = line.strip().partition("=")
            values[key] = value
    return values
