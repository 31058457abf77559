"""Results folders: written whole or not at all, read back by every later command."""
