"""The demo forum of DESIGN.md (seed-demo), and a large synthetic forum for benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Summary:
    lines: list[str] = field(default_factory=list)

    def report(self) -> str:
        return "\n".join(self.lines)


def seed(password: str, participants: int | None = None, delegations: int | None = None) -> Summary:
    raise NotImplementedError
