/// One version of an organisation's own configuration, as `pitwall org configure` saved it.
public struct StoredOrganisationConfiguration: Sendable, Hashable {
    public var organisation: OrganisationID
    /// 1 for the first one saved, then one more for each.
    public var version: Int
    /// The YAML text as given, comments included, so it can be printed back for editing.
    public var document: String
    public var savedAt: Timestamp

    public init(organisation: OrganisationID, version: Int, document: String, savedAt: Timestamp) {
        self.organisation = organisation
        self.version = version
        self.document = document
        self.savedAt = savedAt
    }
}
