class KgError(Exception):
    """A problem the user can fix, reported as one line without a traceback."""


def syntax_error(source: object, error: SyntaxError) -> KgError:
    """The one line for a file that does not parse, at the place Oxigraph's parsers give."""
    where = f"line {error.lineno}, column {error.offset}: " if error.lineno else ""
    return KgError(f"{source}: {where}{error.msg.split(': ', 1)[-1]}")
