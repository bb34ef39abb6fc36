"""The rules table of the README, generated from the registry (a test keeps them equal)."""

from django.utils import translation

from .checks import all_rules


def rules_markdown_table():
    with translation.override("en"):
        lines = ["| code | version | rule | what it checks | results |", "|---|---|---|---|---|"]
        for rule in all_rules():
            kinds = " / ".join(str(outcome.label).lower() for outcome in rule.outcomes)
            lines.append(f"| `{rule.code}` | {rule.version} | {rule.title} | {rule.description} | {kinds} |")
    return "\n".join(lines)
