"""Data: where files are, how they are read, checked and written, and the records they become."""
