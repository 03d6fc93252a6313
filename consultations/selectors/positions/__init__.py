"""Reads of issues and positions: the figures of the Chair's summary and the lists behind them.

Who counts. The base of an issue's figures is every stakeholder of the kinds asked for (Member
States unless told otherwise) that made a public statement (published, past its "check against
delivery" time) at a meeting on the record of the issue's process (its plenary meetings and
round tables unless a meeting says otherwise; a Member State only from its admission):
"127 Member States made statements at the Dialogue" (StatementQuerySet.counted_at). Each of
them has a stance: the one recorded, or "not stated" when none is. A recorded stance counts
only once the statement that shows it is public (or when it cites no statement), so that the
figures never run ahead of an embargo: until then it counts as "not stated".
Stakeholders that made no public statement are not in the base, whatever is recorded for them.

Every number comes with the stakeholders behind it and the address of the page that lists
them. Every selector here runs a fixed number of queries, whatever the number of stakeholders,
positions, statements or issues.

The modules: ``rows`` (who counts, one row per stakeholder), ``figures`` (an issue's counts),
``shares`` (a share in words), ``links`` (the addresses of the lists), ``summary`` (the
Chair's summary), ``records`` (recorded positions, for the delegate and the Secretariat) and
``history`` (a position's versions).
"""

from consultations.selectors.positions.figures import (
    GroupFigures,
    IssueFigures,
    StanceCount,
    issue_figures,
    process_figures,
)
from consultations.selectors.positions.history import PositionVersion, position_history
from consultations.selectors.positions.links import participants_url, position_list_url
from consultations.selectors.positions.records import (
    RecordRow,
    delegate_positions,
    issue_record_rows,
    portal_context,
    record_rows,
    recorded_counts,
)
from consultations.selectors.positions.rows import (
    MEMBER_STATES,
    NO_GROUP,
    SUPPORTIVE,
    PositionRow,
    position_rows,
    process_issues,
    public_statements,
    rows_filter,
)
from consultations.selectors.positions.shares import SHARE_ANCHORS, share_in_words
from consultations.selectors.positions.summary import (
    PARTICIPANT_CATEGORIES,
    Participants,
    SummaryFigures,
    ThemeFigure,
    participants_list,
    summary_figures,
)

__all__ = [
    "MEMBER_STATES",
    "NO_GROUP",
    "PARTICIPANT_CATEGORIES",
    "SHARE_ANCHORS",
    "SUPPORTIVE",
    "GroupFigures",
    "IssueFigures",
    "Participants",
    "PositionRow",
    "PositionVersion",
    "RecordRow",
    "StanceCount",
    "SummaryFigures",
    "ThemeFigure",
    "delegate_positions",
    "issue_figures",
    "issue_record_rows",
    "participants_list",
    "participants_url",
    "portal_context",
    "position_history",
    "position_list_url",
    "position_rows",
    "process_figures",
    "process_issues",
    "public_statements",
    "record_rows",
    "recorded_counts",
    "rows_filter",
    "share_in_words",
    "summary_figures",
]
