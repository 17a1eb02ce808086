extension StorageOutlook {
    /// `GET /v1/system/storage`: the footprint's facts (bytes null where the backend cannot
    /// tell), the pace (estimated from new leads, and measured from the sizes noted daily), the projection and the status with its reason, and the latest backup
    /// as of `now`.
    public func json(now: Timestamp) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("backend", footprint.backend.rawValue)
        let bytes: (String, Int64?) -> Void = { name, value in
            writer.key(name)
            if let value { writer.integer(value) } else { writer.null() }
        }
        bytes("database_bytes", footprint.databaseBytes)
        bytes("reusable_bytes", footprint.reusableBytes)
        bytes("disk_free_bytes", footprint.volumeFreeBytes)
        bytes("disk_total_bytes", footprint.volumeTotalBytes)
        writer.member("leads", footprint.leads)
        writer.member("recent_days", Self.recentDays)
        writer.member("recent_leads", footprint.recentLeads)
        writer.member("leads_per_day", leadsPerDay)
        writer.member("bytes_per_lead", bytesPerLead)
        writer.member("growth_bytes_per_day", growthBytesPerDay)
        writer.key("growth_basis")
        if let basis = measuredGrowth != nil ? "measured" : estimatedGrowthBytesPerDay != nil ? "new_leads" : nil { writer.string(basis) } else { writer.null() }
        writer.member("estimated_growth_bytes_per_day", estimatedGrowthBytesPerDay)
        writer.key("measured_growth")
        if let measuredGrowth {
            writer.beginObject()
            writer.member("bytes_per_day", measuredGrowth.bytesPerDay)
            writer.member("days", measuredGrowth.days)
            writer.member("weeks", measuredGrowth.weeks)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.key("sizes")
        writer.beginArray()
        for size in footprint.sizes {
            writer.beginObject()
            writer.member("day", size.day.description)
            writer.key("used_bytes")
            writer.integer(size.usedBytes)
            writer.endObject()
        }
        writer.endArray()
        writer.member("days_until_full", daysUntilFull)
        writer.member("disk_free_share", freeShare)
        writer.member("status", status.rawValue)
        writer.member("reason", reason)
        writer.key("last_backup")
        if let run = footprint.lastBackup {
            writer.beginObject()
            writer.member("at", run.at)
            writer.member("file", run.file)
            writer.key("bytes")
            writer.integer(run.bytes)
            writer.member("seconds", run.seconds)
            writer.member("events", run.events)
            writer.member("leads", run.leads)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.member("backup_note", backupNote(now: now))
        writer.key("last_restore_drill")
        if let drill = footprint.lastDrill {
            drill.write(to: &writer)
        } else {
            writer.null()
        }
        writer.member("restore_drill_note", drillNote(now: now))
        writer.endObject()
        return writer.text
    }
}

extension RestoreDrill {
    /// The drill as `pitwall restore --drill` prints it and the storage outlook gives it.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("at", at)
        writer.member("backup_file", backupFile)
        writer.key("backup_bytes")
        writer.integer(backupBytes)
        writer.member("restore_seconds", restoreSeconds)
        writer.member("recount_seconds", recountSeconds)
        writer.member("events", events)
        writer.member("leads", leads)
        writer.member("figures_compared", figuresCompared)
        writer.key("passed")
        writer.bool(passed)
        writer.member("mismatches", strings: mismatches)
        writer.endObject()
    }
}
