"""The insight app's share of the demo organisation: for now, the insight bank's example feedback
comments (`demo_bank.load`), made when the organisation has no feedback yet."""

from .demo_bank import load

__all__ = ["load"]
