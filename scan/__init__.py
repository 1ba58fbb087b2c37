"""Samenwerkingsscan: zelfscan voor regionale samenwerking vmbo – mbo – werkveld."""

__version__ = "0.1.0"
