"""Stakeholder identity: who speaks for whom, and who checked it.

A participant declares a stakeholder group with each comment (and an organisation for the
organised groups). Behind every declaration other than "citizen" stands one claim per
person, group and organisation in the pemda (``Stakeholder``), shown with the comment as
*terverifikasi* (verified) or *dinyatakan sendiri* (declared by the participant):

* an **ASN** whose account belongs to an active ASN record of the pemda is verified from
  the registry the moment they speak as ASN; a staff account without one stays declared;
* an **organisation's** claim ("I speak for PGRI Jambi") is verified or rejected by the
  drafting unit's staff, with a reason for a refusal, and a verification can be revoked;
  the participant is told and may answer a refusal with better evidence.

Decisions move through ``STAKEHOLDER_FLOW`` (one named audit event each). A refused or
revoked claim does not hide anything the participant wrote: the identity is still shown
as declared, only without the verified mark (UU 13/2022 gives everyone the right to be
heard; verification tells readers whose voice it is).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.consultations.models import ORGANISED, Stakeholder, StakeholderGroup
from sigap.notifications import notify
from sigap.platform.transitions import transition
from sigap.tenancy.context import acting_for
from sigap.workforce.models import Employee

register_events(
    {
        "klaim pemangku kepentingan diajukan": "Klaim pemangku kepentingan diajukan",
        "pemangku kepentingan ASN terverifikasi otomatis": (
            "ASN terverifikasi dari data kepegawaian"
        ),
        "keterangan klaim pemangku kepentingan ditambahkan": (
            "Keterangan klaim pemangku kepentingan ditambahkan"
        ),
    }
)

S = Stakeholder.Status
# decision -> (target state, whether a reason is required)
DECISIONS: dict[str, tuple[str, bool]] = {
    "verify": (S.VERIFIED, False),
    "reject": (S.REJECTED, True),
    "revoke": (S.REVOKED, True),
}
MAX_EVIDENCE = 1000


def check_group(group: str, user: Any) -> None:
    """The declared stakeholder group is shown as declared, except where Sigap knows
    better: only a staff account may speak as ASN (a citizen account cannot pose as one)."""
    if group not in StakeholderGroup.values:
        raise ValidationError({"group": _("Pilih kelompok pemangku kepentingan Anda.")})
    if group == StakeholderGroup.ASN and getattr(user, "kind", None) != "staff":
        raise ValidationError(
            {"group": _("Kelompok ASN hanya untuk akun pegawai; pilih kelompok lain.")}
        )


def check_identity(group: str, organisation: str, user: Any) -> None:
    """``check_group``, and the organised groups name the organisation they speak for."""
    check_group(group, user)
    if group in ORGANISED and not (organisation or "").strip():
        raise ValidationError(
            {"organisation": _("Sebutkan nama organisasi atau lembaga yang Anda wakili.")}
        )


def _is_registered_asn(user: Any) -> bool:
    """An active ASN record of the active pemda belongs to this account."""
    return Employee.objects.filter(user=user, status=Employee.Status.ACTIVE).exists()


def _find(user: Any, group: str, organisation: str) -> Stakeholder | None:
    return (
        Stakeholder.objects.select_for_update()
        .filter(user=user, group=group, organisation__iexact=organisation)
        .first()
    )


def claim_for(agency: Any, user: Any, group: str, organisation: str = "") -> Stakeholder | None:
    """The claim behind a declaration, found or made (None for a citizen). Runs inside
    the caller's ``acting_for(agency)`` and transaction."""
    if group == StakeholderGroup.CITIZEN:
        return None
    # An ASN speaks as a civil servant of the pemda; the registry, not a typed name,
    # says which one.
    organisation = "" if group == StakeholderGroup.ASN else (organisation or "").strip()[:150]
    found = _find(user, group, organisation)
    if found is not None:
        if (
            group == StakeholderGroup.ASN
            and found.status == S.DECLARED
            and _is_registered_asn(user)
        ):
            transition(found, S.VERIFIED, details={"basis": "data ASN"}, by_registry=True)
        return found
    registered = group == StakeholderGroup.ASN and _is_registered_asn(user)
    try:
        with transaction.atomic():
            claim = Stakeholder.objects.create(
                agency=agency,
                user=user,
                group=group,
                organisation=organisation,
                status=S.VERIFIED if registered else S.DECLARED,
                by_registry=registered,
            )
    except IntegrityError:
        # The same person's other request made it first.
        return _find(user, group, organisation)
    if registered:
        record("pemangku kepentingan ASN terverifikasi otomatis", claim)
    else:
        record(
            "klaim pemangku kepentingan diajukan",
            claim,
            details={"group": group, "organisation": organisation},
        )
    return claim


@transaction.atomic
def submit_claim(
    agency: Any, user: Any, *, group: str, organisation: str = "", evidence: str = ""
) -> Stakeholder:
    """A participant asks to be recognised as ``group`` for ``organisation``, with what
    the unit may check (their post in the organisation, a letter of mandate). A declared
    claim takes the new evidence; a refused or revoked one is submitted again."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Masuk terlebih dahulu."))
    organisation = (organisation or "").strip()[:150]
    evidence = (evidence or "").strip()
    if group == StakeholderGroup.CITIZEN:
        raise ValidationError(
            {"group": _("Warga berbicara atas nama sendiri dan tidak perlu diverifikasi.")}
        )
    check_identity(group, organisation, user)
    if len(evidence) > MAX_EVIDENCE:
        raise ValidationError({"evidence": _("Keterangan paling panjang 1.000 karakter.")})
    with acting_for(agency), acting(user):
        claim = claim_for(agency, user, group, organisation)
        return _add_evidence(claim, evidence)


def _add_evidence(claim: Stakeholder, evidence: str) -> Stakeholder:
    if claim.status in (S.REJECTED, S.REVOKED):
        return transition(
            claim,
            S.DECLARED,
            details={"evidence": evidence},
            evidence=evidence or claim.evidence,
            decision_reason="",
            decided_by=None,
            decided_at=None,
        )
    if evidence and claim.status == S.DECLARED and evidence != claim.evidence:
        claim.evidence = evidence
        claim.save(update_fields=["evidence"])
        record("keterangan klaim pemangku kepentingan ditambahkan", claim)
    return claim


@transaction.atomic
def resubmit(claim: Stakeholder, user: Any, *, evidence: str) -> Stakeholder:
    """The participant's own claim, with new evidence (see ``submit_claim``)."""
    if claim.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("Tuliskan keterangan yang dapat diperiksa unit.")})
    if len(evidence) > MAX_EVIDENCE:
        raise ValidationError({"evidence": _("Keterangan paling panjang 1.000 karakter.")})
    if claim.status == S.VERIFIED:
        raise ValidationError(_("Klaim ini sudah terverifikasi."))
    with acting_for(claim.agency), acting(user):
        return _add_evidence(claim, evidence)


@transaction.atomic
def decide(claim: Stakeholder, decision: str, *, by: Any, reason: str = "") -> Stakeholder:
    """The unit verifies, rejects or revokes a claim; a refusal states its reason, which
    the participant sees. Nobody decides their own claim."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Pilih: verifikasi, tolak, atau cabut.")})
    target, needs_reason = DECISIONS[decision]
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise ValidationError({"reason": _("Alasan wajib diisi; peserta akan melihatnya.")})
    if getattr(by, "pk", None) == claim.user_id:
        raise ValidationError(_("Anda tidak dapat memutuskan klaim Anda sendiri."))
    with acting_for(claim.agency), acting(by):
        transition(
            claim,
            target,
            details={"reason": reason, "group": claim.group, "organisation": claim.organisation},
            decision_reason=reason,
            decided_by=by if getattr(by, "is_authenticated", False) else None,
            by_registry=False,
        )
        notify(
            claim.user,
            "consultations/stakeholder",
            {"claim": claim, "reason": reason},
            agency=claim.agency,
            url="/konsultasi/masukan-saya/",
        )
        return claim
