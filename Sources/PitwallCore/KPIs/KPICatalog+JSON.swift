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
            writer.key("reserved")
            writer.bool(definition.reserved)
            writer.key("version")
            writer.integer(Int64(definition.version))
            writer.key("changes")
            writer.beginArray()
            for change in definition.changes {
                writer.beginObject()
                writer.key("version")
                writer.integer(Int64(change.version))
                writer.member("date", change.date.description)
                writer.member("summary", change.summary)
                writer.member("reason", change.reason)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.text
    }
}
