"""Rendering: notebooks executed in warm kernels, exported as HTML and PDF, many at a time."""
