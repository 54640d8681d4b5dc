"""Escalation and the organisation: the knowledge base the user searched goes into the bundle, and the
policy's diagnostics_allowed and keep_categories decide what may."""

from __future__ import annotations

import json
import zipfile

import escalation_cases as cases
import pytest

from kbdesk.core import escalation
from kbdesk.core.errors import PolicyError
from kbdesk.core.escalation import build_preview, write_escalation

# --------------------------------------------------------------------------- the knowledge base and the policy

KB_ROWS = [
    {
        "source": "it-kb",
        "kind": "git",
        "origin": "policy",
        "url": "https://git.example.org/it/kb.git",
        "commit": "3f9c2a81d0b4e5f60718293a4b5c6d7e8f901234",
        "commit_time": "2026-11-30T09:12:44+00:00",
    },
    {"source": "starter", "kind": "folder", "origin": "starter"},
]


def test_the_knowledge_base_searched_is_recorded_for_the_agent(tmp_path):
    from kbdesk.core.bundle import open_bundle

    revisions = escalation.source_revisions(KB_ROWS)
    preview = build_preview(cases.ticket(), cases.sources(), knowledge_base=revisions, hostname="", username="")
    # the person sees it before agreeing
    assert any("it-kb, starter" in line for line in preview.kept_as_is())
    info = write_escalation(tmp_path / "case.kbbundle", preview)  # the final secret scan passes the commit ids
    members = cases.all_text(info.path)
    manifest = json.loads(members["manifest.json"])
    assert manifest["format_version"] == 1  # an optional field: readers of version 1 take the bundle
    assert manifest["knowledge_base"] == [{k: v for k, v in row.items() if v} for row in KB_ROWS]
    assert "## Knowledge base the user searched" in members["ticket.md"]
    assert "it-kb: revision 3f9c2a81d0b4 of 2026-11-30" in members["ticket.md"]
    assert "git.example.org/it/kb.git" in members["ticket.md"]
    with open_bundle(info.path) as opened:
        assert opened.knowledge_base == revisions
        assert not opened.problems


def test_a_bundle_without_the_knowledge_base_still_opens(tmp_path):
    from kbdesk.core.bundle import open_bundle

    info = write_escalation(tmp_path / "old.kbbundle", build_preview(cases.ticket(), [], hostname="", username=""))
    manifest = json.loads(cases.all_text(info.path)["manifest.json"])
    assert "knowledge_base" not in manifest
    with open_bundle(info.path) as opened:
        assert opened.knowledge_base == () and opened.ticket is not None


def test_a_malformed_knowledge_base_entry_refuses_the_bundle_naming_the_field(tmp_path):
    from kbdesk.core.bundle import open_bundle
    from kbdesk.core.errors import BundleError

    info = write_escalation(tmp_path / "case.kbbundle", build_preview(cases.ticket(), [], hostname="", username=""))
    members = cases.all_text(info.path)
    manifest = json.loads(members["manifest.json"])
    manifest["knowledge_base"] = [{"source": 5}]
    forged = tmp_path / "forged.kbbundle"
    with zipfile.ZipFile(forged, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, json.dumps(manifest) if name == "manifest.json" else text)
    with pytest.raises(BundleError, match=r"knowledge_base\[0\]\.source"):
        open_bundle(forged)


def test_the_policy_can_forbid_diagnostics(tmp_path):
    policy = escalation.EscalationPolicy(diagnostics_allowed=False, diagnostics_reason="No diagnostics leave Example")
    preview = build_preview(cases.ticket(), cases.sources(), policy=policy, hostname="", username="")
    assert {i.kind for i in preview.items} == {escalation.KIND_TICKET, escalation.KIND_TRAIL}
    members = cases.all_text(write_escalation(tmp_path / "case.kbbundle", preview).path)
    assert not [name for name in members if name.startswith("diagnostics/")]


def test_the_policy_narrows_what_may_be_kept():
    policy = escalation.EscalationPolicy(keep_allowed=frozenset({"ipv4"}), keep_reason="only addresses")
    kept = build_preview(
        cases.ticket(), cases.sources(), disabled_categories=["ipv4"], policy=policy, hostname="", username=""
    )
    assert "192.168.7.1" in kept.item("diagnostics/network.json").redacted_text
    with pytest.raises(PolicyError, match="email may not be kept in a bundle: only addresses"):
        build_preview(cases.ticket(), cases.sources(), disabled_categories=["email"], policy=policy)
    # a category kept by default (UUIDs) that the policy does not allow is redacted, quietly
    default = build_preview(cases.ticket(description="request 123e4567-e89b-12d3-a456-426614174000"), [], policy=policy)
    assert "123e4567-e89b-12d3-a456-426614174000" not in default.ticket.description
    assert "uuid" not in default.disabled_categories


def test_escalation_policy_from_the_policy_file():
    from kbdesk.core.settings import Settings
    from kbdesk.core.sources.policy import effective_settings, parse_policy

    policy = parse_policy(
        b'version = 1\nreason = "Example IT"\nlocked = ["diagnostics_allowed"]\n'
        b'[settings]\ndiagnostics_allowed = false\nkeep_categories = ["ipv4", "hostname"]\n'
    )
    rules = escalation.EscalationPolicy.from_effective(effective_settings(Settings(), policy))
    assert rules.diagnostics_allowed is False and rules.diagnostics_reason == "Example IT"
    assert rules.keep_allowed == {"ipv4", "hostname"} and rules.may_keep("ipv4") and not rules.may_keep("email")
    assert escalation.EscalationPolicy.from_effective(effective_settings(Settings(), parse_policy(b""))) == (
        escalation.EscalationPolicy(diagnostics_reason=escalation.POLICY_REASON, keep_reason=escalation.POLICY_REASON)
    )
