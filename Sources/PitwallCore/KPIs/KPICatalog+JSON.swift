extension KPICatalog {
    /// Every definition with its change log, for `GET /v1/kpis/definitions`.
    public var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("kpis")
        writer.beginArray()
        for definition in definitions {
            writer.beginObject()
            writer.member("key", definition.key.rawValue)
            writer.member("name", definition.name)
            writer.member("formula", definition.formula)
            writer.member("unit", definition.unit.rawValue)
            writer.member("review_frequency", definition.reviewFrequency)
            writer.key("target")
            writer.beginObject()
            writer.optionalNumber("min", definition.target.min)
            writer.optionalNumber("max", definition.target.max)
            writer.endObject()
            writer.key("thresholds")
            writer.beginObject()
            writer.optionalNumber("green_min", definition.bands.greenMin)
            writer.optionalNumber("green_max", definition.bands.greenMax)
            writer.optionalNumber("red_below", definition.bands.redBelow)
            writer.optionalNumber("red_above", definition.bands.redAbove)
            writer.endObject()
            // Which KPIs keep rising while a window's leads are young (see `maturity` on /v1/kpis).
            writer.key("later_outcome")
            if let later = definition.key.laterOutcome { writer.string(later.outcome.rawValue) } else { writer.null() }
            writer.key("reserved")
            writer.bool(definition.reserved)
            writer.key("version")
            writer.integer(Int64(definition.version))
            writer.changeLog(definition.changes)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.text
    }
}

extension JSONWriter {
    /// A definition's change log: `"changes": [{"version", "date", "summary", "reason"}]`.
    public mutating func changeLog(_ changes: [DefinitionChange]) {
        key("changes")
        beginArray()
        for change in changes {
            beginObject()
            key("version")
            integer(Int64(change.version))
            member("date", change.date.description)
            member("summary", change.summary)
            member("reason", change.reason)
            endObject()
        }
        endArray()
    }
}
