"""The check the XSS tests apply to every page: no element or attribute that story data could have injected."""

from __future__ import annotations

from html.parser import HTMLParser


class MarkupAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= attribute on <{tag}>")
            remote = value and value.strip().lower().startswith(("javascript:", "http"))
            if name in ("href", "src", "action") and remote:
                self.problems.append(f"{name}={value!r} on <{tag}>")


def injected_markup(page: str) -> list[str]:
    audit = MarkupAudit()
    audit.feed(page)
    audit.close()
    return audit.problems
