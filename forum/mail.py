"""Mail as a developer reads it in the console: the development mail backend.

Django's console backend prints the message as it would travel, MIME-encoded.
A text part with a long line or a non-ASCII character (a curly apostrophe in
a greeting) goes out quoted-printable: every `=` in a link becomes `=3D` and
the link is cut by soft line breaks (`=` at a line end), so the verification
and password-reset links printed under `make run` cannot be clicked or
copied. This backend prints the same message with its headers and its text
parts decoded; it never sends anything and is used in development only
(MAILERS["default"] in config/settings.py).
"""

from django.core.mail.backends import console

# MIME plumbing that describes an encoding this backend has already undone.
_ENCODING_HEADERS = frozenset(
    {"mime-version", "content-type", "content-transfer-encoding"}
)
RULE = "-" * 79


class ReadableConsoleBackend(console.EmailBackend):
    """The console backend, writing each message decoded: headers, then each
    text part (plain and HTML) as text, and one line per attachment."""

    def write_message(self, message):
        self.stream.write(readable(message.message()) + "\n" + RULE + "\n")


def readable(msg) -> str:
    """`msg` (an email.message.EmailMessage) as a person reads it."""
    lines = [
        f"{name}: {value}"
        for name, value in msg.items()
        if name.lower() not in _ENCODING_HEADERS
    ]
    for part in msg.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if part.get_content_maintype() == "text" and not part.is_attachment():
            lines += ["", f"[{kind}]", part.get_content().rstrip("\n")]
        else:
            size = len(part.get_payload(decode=True) or b"")
            name = part.get_filename() or "unnamed"
            lines += ["", f"[attachment: {name}, {kind}, {size} bytes]"]
    return "\n".join(lines)
