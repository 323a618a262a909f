"""`python -m coursegen`: the same command line as the `coursegen` script (useful where the script's folder
is not on PATH, or to run the checkout's code with PYTHONPATH=src)."""

from coursegen.cli import main

main(prog_name="coursegen")
