"""Counterparty monitoring: the register, re-screening on list changes, alerts, reports.

``after_load(engine, home)`` is what a list load calls; the rest is used by the
``parties``, ``alerts``, ``audit`` and ``report`` commands.
"""

from entitywatch.monitor.rescreen import MonitorRun, after_load, rescreen

__all__ = ["MonitorRun", "after_load", "rescreen"]
