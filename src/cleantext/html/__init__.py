"""The HTML stage: parse a page, prune it with HTML rules, turn it into blocks."""
