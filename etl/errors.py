"""Exceptions raised by the ETL. The CLI turns each into a clear message and an exit code."""

from __future__ import annotations


class EtlError(Exception):
    """Base class: a run that stops with a message for the operator."""

    exit_code = 1


class ConfigurationError(EtlError):
    """A setting is missing or wrong (for example VRU_PSEUDONYM_KEY is unset)."""

    exit_code = 3


class ValidationFailed(EtlError):
    """The extracts break the data contract; `findings` says where and how."""

    exit_code = 2

    def __init__(self, findings, *, shown=None):
        self.findings = list(findings)  # every finding, for the --report file
        self.shown = list(shown if shown is not None else findings)  # a few examples per problem, for the terminal
        errors = [f for f in self.findings if f.severity == "error"]
        super().__init__(f"{len(errors):,} error(s) in the input extracts; nothing was loaded")


class AuditFailed(EtlError):
    """The disclosure audit found a suppressed cell that can be pinned too tightly."""

    exit_code = 4


class ReleaseInProgress(EtlError):
    """Another ETL run holds the release lock."""

    exit_code = 5


class LoadFailed(EtlError):
    """The database refused the release; its transaction was rolled back."""

    exit_code = 6
