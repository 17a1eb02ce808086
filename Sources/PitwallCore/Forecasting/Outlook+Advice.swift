extension Outlook {
    /// The outlook in sentences, most useful first: where each figure is heading against the
    /// period before (said to be above or below only when the whole range is), the week's
    /// busiest hour to staff for, and what the forecast cannot see. With `ahead`, an hour or a
    /// short span that is over is not named.
    public func advice(storeName: (StoreID) -> String, ahead: HoursAhead? = nil) -> [String] {
        var lines: [String] = []
        let periodName = kind.name(period)
        let previousName = kind.name(previousPeriod)
        for outlook in metrics {
            guard let projected = outlook.projected else { continue }
            let metric = outlook.metric
            var line = "\(metric.name): \(periodName) is heading for \(metric.format(projected.expected)) (likely \(metric.format(projected.low))–\(metric.format(projected.high)))"
            if let previous = outlook.previousPeriod, previous > 0 {
                let change = (projected.expected - previous) / previous
                let against = "\(previousName)'s \(metric.format(previous))"
                if projected.high < previous {
                    line += ", below \(against) even at the top of its range (\(KPIFormatting.percent(change)))"
                } else if projected.low > previous {
                    line += ", above \(against) even at the bottom of its range (+\(KPIFormatting.percent(change)))"
                } else {
                    line += ", too close to call against \(against)"
                }
            }
            if let goal = outlook.goal {
                line += "; " + Self.words(goal, metric: metric, daysLeft: daysLeft)
            }
            if let error = outlook.meanAbsolutePercentageError, error >= Self.looseForecast {
                line += "; past weeks' forecasts of it were \(KPIFormatting.percent(error)) off on average, so plan on the range, not the figure"
            }
            lines.append(line + ".")
        }
        let peak = nextDays.flatMap { day in
            day.busiest.filter { ahead?.isAhead(store: $0.store, date: day.date, hours: $0.hour..<$0.hour + 1) ?? true }.map { (day.date, $0) }
        }.max { $0.1.leads < $1.1.leads }
        if let (date, busiest) = peak, busiest.leads >= 1 {
            lines.append(
                "Busiest hour of the next \(Self.daysAhead) days: \(LocalTimeFormatting.weekdayNames[date.isoWeekday - 1]) \(LocalTimeFormatting.longDate(date)), "
                    + "\(busiest.hour.zeroPadded(2)):00–\((busiest.hour + 1).zeroPadded(2)):00 at \(storeName(busiest.store)), "
                    + "about \(KPIFormatting.decimal(busiest.leads, places: 1)) new leads: have agents free then.")
        }
        lines += staffingAdvice(storeName: storeName, ahead: ahead)
        for left in notForecast {
            lines.append(
                "\(storeName(left.store)) is not forecast: \(KPIFormatting.count(left.daysOfHistory, "day", "days")) of history, "
                    + "and a forecast needs each weekday seen at least \(WeekdayPattern.fewestOfEachWeekday) times.")
        }
        return lines
    }

    /// "the goal of 380 is reached", or the chance of reaching it and what it takes.
    public static func words(_ goal: GoalOutlook, metric: ForecastMetric, daysLeft: Int) -> String {
        let target = "the goal of \(metric.format(goal.goal))"
        if goal.isReached { return "\(target) is reached" }
        let chance =
            switch goal.chance {
            case ..<0.01: "under 1%"
            case 0.99...: "over 99%"
            default: "about \(KPIFormatting.percent(goal.chance))"
            }
        let odds = "the chance of reaching \(target) is \(chance)"
        guard let needed = goal.neededPerDay, let usual = goal.usualPerDay else { return odds }
        let perDay = { (value: Double) in metric.isMoney ? KPIFormatting.dollars(value) : KPIFormatting.decimal(value, places: 1) }
        return "\(odds): it needs \(perDay(needed)) a day for the \(KPIFormatting.count(daysLeft, "day", "days")) left, against the usual \(perDay(usual))"
    }

    /// Past forecasts this far off on average make the expected figure a poor guide.
    public static let looseForecast = 0.25
}

extension Outlook {
    /// Most spans the advice names; the page lists every one.
    static let shortSpansNamed = 3

    /// Where the roster leaves the week ahead short of the agents its leads need, the
    /// largest gap first; nothing when no store has a roster or none is short.
    func staffingAdvice(storeName: (StoreID) -> String, ahead: HoursAhead?) -> [String] {
        let gaps = StaffingGap.all(nextDays).filter { ahead?.isAhead(store: $0.store, date: $0.date, hours: $0.span) ?? true }
        guard !gaps.isEmpty else { return [] }
        let named = gaps.prefix(Self.shortSpansNamed).map { $0.words(storeName: storeName) }
        let more = gaps.count > named.count ? "; \(gaps.count - named.count) more on the outlook page" : ""
        return [
            "Agents short on the roster for the leads expected: \(named.joined(separator: "; "))\(more). "
                + "Add shifts there for \(staffingTarget.words)."
        ]
    }
}
