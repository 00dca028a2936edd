"""The offline identity judge (no model calls): scan, extract claims, decide."""

from distillq.ice.offline.judge import OfflineJudge, judge_offline

__all__ = ["OfflineJudge", "judge_offline"]
