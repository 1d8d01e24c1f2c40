"""Loading the demo's governance content (:mod:`vanort.demo.governance_data`).

The guideline assessments of three 2018 activities are saved like the assessment checklist saves
them (``save_versioned``).

Decisions go through ``decision_register`` with their historical case numbers (which leave the
running counter alone); the demo's register then continues each year's series after its latest
case (:func:`_continue_series`), as a municipality moving its register into Vänort would. The request through ``request_transition``; the rest is validated and saved one by
one, each with its first history entry. Called by :func:`vanort.demo.loader.load` inside the
loader's transaction.
"""

from __future__ import annotations

import datetime

from django.db.models import Max

from vanort.core.versioning import save_versioned
from vanort.governance.mandates import period_starting
from vanort.governance.models import (
    ActivityGuidelineAssessment,
    CaseCounter,
    Decision,
    Distribution,
    FollowUp,
    GoverningDocument,
    Guideline,
    PartnershipRequest,
    Review,
)
from vanort.governance.services import decision_register, follow_up_term, request_transition
from vanort.registry.models import Agreement

from . import governance_data as data

CHANGE_REASON = "Demo"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _save(instance):
    instance.full_clean()
    instance._change_reason = CHANGE_REASON
    instance.save()
    return instance


def _decision(municipality, by, spec, *, title_sv, title_en, points_sv="", points_en="", basis=""):
    decision = Decision(
        municipality=municipality, body=Decision.Body.BOARD, meeting_date=_date(spec["meeting_date"]), paragraph=spec["paragraph"],
        title=title_sv, title_sv=title_sv, title_en=title_en, decision_points=points_sv, decision_points_sv=points_sv,
        decision_points_en=points_en, decision_basis=basis,
    )
    decision._change_reason = CHANGE_REASON
    return decision_register(decision=decision, by=by, manual_case_number=spec["case"], check_permission=False)


def _continue_series(municipality) -> None:
    """Each year's counter at the latest demo case of that prefix and year."""
    latest = Decision.objects.filter(municipality=municipality).values("case_prefix", "case_year").annotate(last=Max("case_serial"))
    for row in latest:
        CaseCounter.objects.update_or_create(municipality=municipality, prefix=row["case_prefix"], year=row["case_year"],
                                             defaults={"last_number": row["last"]})


def load(*, municipality, orgs, areas, palo_alto, users, activities, city_for, today: datetime.date) -> None:
    by = users["samordnare"]
    strategy = _save(GoverningDocument(
        municipality=municipality, kind=GoverningDocument.Kind.STRATEGY, title=data.STRATEGY["title_sv"],
        title_sv=data.STRATEGY["title_sv"], title_en=data.STRATEGY["title_en"], summary_sv=data.STRATEGY["summary_sv"],
        summary_en=data.STRATEGY["summary_en"], adopted_on=_date(data.STRATEGY["adopted_on"]),
        follow_up_rule=GoverningDocument.FollowUpRule.NONE,
    ))
    guidelines = {
        position: _save(Guideline(document=strategy, position=position, text=text_sv, text_sv=text_sv, text_en=text_en))
        for position, (text_sv, text_en) in enumerate(data.GUIDELINES, start=1)
    }
    for activity, position, judgement, justification in data.ASSESSMENTS:
        save_versioned(
            ActivityGuidelineAssessment(
                activity=activities[activity], guideline=guidelines[position], judgement=judgement, justification=justification,
            ),
            expected_version=None, reason=CHANGE_REASON,
        )

    spec = data.DECISION_513
    s513 = _decision(municipality, by, spec, title_sv=spec["title_sv"], title_en=spec["title_en"],
                     points_sv=spec["points_sv"], points_en=spec["points_en"], basis=spec["basis"])
    for recipient, note, sent_on in spec["distribution"]:
        _save(Distribution(decision=s513, recipient=recipient, note=note, sent_on=_date(sent_on)))
    paper = _save(GoverningDocument(
        municipality=municipality, kind=GoverningDocument.Kind.POSITION_PAPER, title=data.POSITION_PAPER["title_sv"],
        title_sv=data.POSITION_PAPER["title_sv"], title_en=data.POSITION_PAPER["title_en"],
        summary_sv=data.POSITION_PAPER["summary_sv"], summary_en=data.POSITION_PAPER["summary_en"],
        adopted_on=s513.meeting_date, adopted_by=s513, follow_up_rule=GoverningDocument.FollowUpRule.PER_MANDATE,
    ))
    paper.priority_areas.set(areas.values())
    agreement_2018 = Agreement.objects.get(partnership=palo_alto, signed_on=datetime.date(2018, 5, 15))
    s513.partnerships.set([palo_alto])
    s513.documents.set([strategy, paper])
    s513.agreements_resting.set([agreement_2018])

    for year, decision_spec, assessment, proposal in data.FOLLOW_UPS:
        period = period_starting(year, municipality)
        decision = None
        if decision_spec is not None:
            label = period.label
            decision = _decision(
                municipality, by, decision_spec,
                title_sv=f"Uppföljning av positionspapper Palo Alto, mandatperioden {label}",
                title_en=f"Follow-up of the Palo Alto position paper, term of office {label}",
                points_sv="Uppföljningen läggs till handlingarna.", points_en="The follow-up is noted.",
                basis=f"Tjänsteskrivelse {decision_spec['meeting_date'][:4]}\nUppföljningsrapport {label}",
            )
            decision.documents.set([paper])
            decision.partnerships.set([palo_alto])
        follow_up = FollowUp(document=paper, period_start=period.start, period_end=period.end, assessment=assessment,
                             proposal=proposal, decision=decision)
        follow_up_term(follow_up)
        _save(follow_up)

    spec = data.REVIEW
    review_decision = _decision(municipality, by, spec["decision"], title_sv=spec["decision"]["title_sv"],
                                title_en=spec["decision"]["title_en"], points_sv=spec["decision"]["points_sv"],
                                points_en=spec["decision"]["points_en"], basis=spec["decision"]["basis"])
    review_decision.partnerships.set([palo_alto])
    review_decision.agreements.set([agreement_2018])
    _save(Review(partnership=palo_alto, title=spec["title"], period_start=_date(spec["period_start"]),
                 period_end=_date(spec["period_end"]), assessment=spec["assessment"], proposal=spec["proposal"],
                 agreement=agreement_2018, decision=review_decision))

    spec = data.REQUEST
    request = _save(PartnershipRequest(
        municipality=municipality, city=city_for(spec), received_on=_date(spec["received_on"]), sender=spec["sender"],
        message=spec["message"], proposed_category=spec["category"], community_support=spec["community_support"],
        first_year_plan=spec["first_year_plan"], first_year_budget=spec["first_year_budget"],
    ))
    request.priority_areas.set([areas[key] for key in spec["areas"]])
    request_transition(request=request, to_status=PartnershipRequest.Status.PRESIDIUM, by=by, note=spec["presidium_note"])
    _continue_series(municipality)
