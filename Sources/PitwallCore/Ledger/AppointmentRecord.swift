/// One appointment: when it was first set, when it is scheduled for (the latest
/// reschedule), and what finally happened.
public struct AppointmentRecord: Hashable, Sendable, Codable {
    public var appointmentID: AppointmentID
    public var leadID: LeadID
    /// When it was first set; nil when only an outcome has arrived so far.
    public var setAt: Timestamp?
    public var setKey: EventOrderKey?
    public var scheduledFor: Timestamp?
    public var scheduleKey: EventOrderKey?
    /// The latest word on it: scheduled again, attended, no-show or cancelled.
    public var outcome: AppointmentOutcome = .scheduled
    public var outcomeAt: Timestamp?
    public var outcomeKey: EventOrderKey?

    public init(appointmentID: AppointmentID, leadID: LeadID) {
        self.appointmentID = appointmentID
        self.leadID = leadID
    }
}
