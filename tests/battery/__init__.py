"""The permanent bad-input battery over every public name (issue 15)."""
