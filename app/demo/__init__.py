"""The demo forum (Lianyungang 2025) and the synthetic forum of the benchmarks."""

from app.demo.forum import Summary, seed

__all__ = ["Summary", "seed"]
