"""The reviewers' web page (`vanban review`): check and correct every extracted value at its box on the page."""
