/// What a KPI's extra figures are called where people read them, and what each one means.
/// The API keeps its short field names (`p90`, `excluded`); a manager reading "excluded 9"
/// cannot tell what was left out of what, or why "within sla" differs from the SLA KPI.
public struct KPIDetailWording: Hashable, Sendable {
    public var label: String
    /// The sentence behind the label, for a hover.
    public var meaning: String?

    public init(_ name: String, of key: KPIKey) {
        let readings = key.isSystemHealth
        switch name {
        case "p90":
            (label, meaning) = ("9 in 10 within", "Nine in ten answered leads had their first response within this (the 90th percentile).")
        case "p95":
            (label, meaning) = ("19 in 20 at most", "Nineteen in twenty readings were at most this (the 95th percentile).")
        case "mean":
            (label, meaning) = ("Average", "The mean. A few very long waits pull it up, which is why the headline figure is the median.")
        case "max":
            (label, meaning) = (readings ? "Highest reading" : "Longest", nil)
        case "count":
            (label, meaning) =
                readings
                ? ("Readings", "How many readings the figure is taken from.")
                : ("Answered", "Leads of the window that have had their first response.")
        case "unanswered":
            (label, meaning) = ("Not answered yet", "Leads of the window with no first response so far; auto-replies do not count as one.")
        case "excluded":
            (label, meaning) = (
                "Clock problems",
                "Leads whose first response is stamped before the lead came in, or whose events are dated ahead of when they arrived. "
                    + "Their response times cannot be trusted, so they are not counted."
            )
        case "within_sla":
            (label, meaning) = (
                "Within 5 minutes",
                "Share of answered leads whose first response came within 5 minutes, whatever their tier. "
                    + "The KPI 'Answered within SLA' holds each lead to its own tier's SLA instead."
            )
        case "pending":
            (label, meaning) = ("No final status yet", "Messages still queued or sent: left out of the rate until the carrier says delivered or failed.")
        case "downtime":
            (label, meaning) = ("Down for", "How long a watched component was reported down in the window.")
        case "outages":
            (label, meaning) = ("Outages", nil)
        case "picked_up":
            (label, meaning) = ("Picked up", "Leads handed to an agent that an agent has written to or called since the hand-off, in time or late.")
        case "not_picked_up":
            (label, meaning) = ("Not picked up yet", "Leads handed to an agent that no agent has written to since the hand-off.")
        case "closed_first":
            (label, meaning) = (
                "Opted out or bought first",
                "Leads whose customer opted out or bought before an agent's first message was due, and before anyone wrote. "
                    + "They are left out of the pick-up figures; one who does so after it was due counts as missed."
            )
        case "median_seconds":
            (label, meaning) = (
                "Median pick-up",
                "Half the leads picked up were picked up sooner than this after the hand-off, on the response-time policy's clock."
            )
        case "p90_seconds":
            (label, meaning) = ("90th percentile pick-up", "Nine in ten leads picked up were picked up within this time after the hand-off.")
        case "mean_seconds":
            (label, meaning) = (
                "Average pick-up",
                "The mean time from the hand-off to an agent's first message, over the leads picked up, on the response-time policy's clock."
            )
        default:
            (label, meaning) = (String(name.map { $0 == "_" ? " " : $0 }).capitalizedFirst, nil)
        }
    }
}

extension String {
    /// "Opt out rate" from "opt out rate".
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
