extension StorageOutlook {
    /// `GET /v1/system/storage`: the footprint's facts (bytes null where the backend cannot
    /// tell), the pace, the projection and the status with its reason, and the latest backup
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
        writer.endObject()
        return writer.text
    }
}
