/// How a figure moved from the compared window.
public enum KPIChange: Hashable, Sendable {
    /// Value minus the value before; nil when either is missing.
    case asTheyStand(Double?)
    /// While this window is still coming in: where it is heading minus where the window before
    /// is heading (or its value, once settled). Comparing the figures so far would set young
    /// leads against older ones.
    case betweenProjections(Double)
    /// Still coming in with too little in to say where it is heading.
    case tooEarly
}

extension KPIResult {
    public func change(from before: KPIResult) -> KPIChange {
        switch comparedFigures(with: before) {
        case .some(let figures) where maturity?.isStillComingIn == true: .betweenProjections(figures.now - figures.before)
        case .some(let figures): .asTheyStand(figures.now - figures.before)
        case nil where maturity?.isStillComingIn == true && before.value != nil: .tooEarly
        case nil: .asTheyStand(nil)
        }
    }

    /// The two figures a change compares: as they stand, or, while this window is still coming
    /// in, where each is heading. Nil when either is missing or it is too early to say.
    public func comparedFigures(with before: KPIResult) -> (before: Double, now: Double)? {
        // Nothing to compare with (no leads a year before) is no change, whatever this window's age.
        guard let maturity, maturity.isStillComingIn, before.value != nil else { return value.flatMap { now in before.value.map { ($0, now) } } }
        guard let heading = maturity.projected(value), let earlier = before.maturity?.projected(before.value) ?? before.value else { return nil }
        return (earlier, heading)
    }

    /// Whether the figure moved for the better, judged by `bands`; nil when there is no change to judge.
    public func direction(from before: KPIResult, bands: StatusBands) -> ChangeDirection? {
        comparedFigures(with: before).map { bands.direction(from: $0.before, to: $0.now) }
    }

    /// Whether the change is more than chance alone would make (`ChangeTest`): a share by its
    /// counts, an average by its spread, a median by its interval, the AI-assisted revenue
    /// share as a share of its sales. Nil when no test applies: uptime (a share of time, whose
    /// seconds are not independent), a figure missing on either side.
    ///
    /// A young window's share is compared where it is heading, as its change is, but on what
    /// it stands on so far: its leads times the share of outcomes in. 24 sales of 1,029 leads
    /// with a quarter of sales in heads for 9 %, yet is known only as well as 24 sales make
    /// it, about as well as 9 % of 268 leads, not of 1,029.
    public func isClearChange(from before: KPIResult) -> Bool? {
        guard let figures = comparedFigures(with: before) else { return nil }
        if key.isShareOfCounts {
            guard let counts = sharesCompared(with: before) else { return nil }
            return ChangeTest.sharesDiffer(successes: counts.now.successes, of: counts.now.trials, successes: counts.before.successes, of: counts.before.trials)
        }
        switch (spread, before.spread) {
        case (.average(let now)?, .average(let earlier)?): return ChangeTest.averagesDiffer(now, earlier)
        case (.median(let now)?, .median(let earlier)?): return ChangeTest.mediansDiffer(now, earlier)
        case (.shareOfAmounts(let items)?, .shareOfAmounts(let itemsBefore)?):
            return ChangeTest.sharesDiffer(successes: figures.now * items, of: items, successes: figures.before * itemsBefore, of: itemsBefore)
        default: return nil
        }
    }

    /// A share's two windows as the counts its change is tested on: where each is heading
    /// while still coming in, on what it stands on so far (its leads times the share of
    /// outcomes in; see `isClearChange`). Nil for a KPI that is no share of counts, a figure
    /// missing on either side, or a window too young to say where it is heading.
    public func sharesCompared(with before: KPIResult) -> (now: (successes: Double, trials: Double), before: (successes: Double, trials: Double))? {
        guard key.isShareOfCounts, let figures = comparedFigures(with: before), let trials = denominator, let trialsBefore = before.denominator else {
            return nil
        }
        let projected = maturity?.projected(value) != nil
        func known(_ result: KPIResult, _ trials: Double) -> Double {
            guard projected, let maturity = result.maturity, maturity.projected(result.value) != nil else { return trials }
            return trials * maturity.shareIn
        }
        let (now, earlier) = (known(self, trials), known(before, trialsBefore))
        return ((figures.now * now, now), (figures.before * earlier, earlier))
    }

    /// How often chance alone would move a share this far from `before`, tested as
    /// `isClearChange` tests it; nil where that has no share test to make.
    public func shareChangeChance(from before: KPIResult) -> Double? {
        sharesCompared(with: before).flatMap { counts in
            ChangeTest.sharesDifferenceChance(
                successes: counts.now.successes, of: counts.now.trials, successes: counts.before.successes, of: counts.before.trials)
        }
    }

    /// How often chance alone would move the figure this far from `before`: a share as
    /// `shareChangeChance`, an average by its spread (`ChangeTest.averagesDifferenceChance`);
    /// nil for other figures, or a side without its spread.
    public func changeChance(from before: KPIResult) -> Double? {
        if key.isShareOfCounts { return shareChangeChance(from: before) }
        guard comparedFigures(with: before) != nil, case .average(let now)? = spread, case .average(let earlier)? = before.spread else { return nil }
        return ChangeTest.averagesDifferenceChance(now, earlier)
    }

    /// What a page or table says of a change: better or worse, or within chance. Nil when the
    /// change reads "0" in the KPI's unit, when neither way is better, or when there is none.
    public func changeCall(from before: KPIResult, definition: KPIDefinition) -> ChangeCall? {
        guard let figures = comparedFigures(with: before), KPIFormatting.gap(figures.now - figures.before, unit: definition.unit) != "0" else { return nil }
        let direction = definition.bands.direction(from: figures.before, to: figures.now)
        guard direction != .same else { return nil }
        return isClearChange(from: before) == false ? .withinChance : .called(direction)
    }

    /// The direction worth marking beside a change: `changeCall`'s, when it is called.
    public func shownDirection(from before: KPIResult, definition: KPIDefinition) -> ChangeDirection? {
        if case .called(let direction) = changeCall(from: before, definition: definition) { direction } else { nil }
    }
}

/// A change as it is shown: called one way, or left plain because chance alone could have made it.
public enum ChangeCall: Hashable, Sendable {
    case called(ChangeDirection)
    case withinChance
}

/// Which way a KPI moved, as its owner reads it: an opt-out rate that fell is better, a
/// conversation length that left its band is worse.
public enum ChangeDirection: String, Hashable, Sendable {
    case better, worse, same
}

extension StatusBands {
    /// Nearer green is better. Between two figures equally far from it (usually both inside
    /// it), a green open on one side still has a good way: up for a floor, down for a ceiling;
    /// inside a band bounded on both sides, neither way is better.
    public func direction(from before: Double, to now: Double) -> ChangeDirection {
        let (was, isNow) = (abs(gap(of: before) ?? 0), abs(gap(of: now) ?? 0))
        if isNow < was { return .better }
        if isNow > was { return .worse }
        if now == before { return .same }
        switch (greenMin, greenMax) {
        case (.some, nil): return now > before ? .better : .worse
        case (nil, .some): return now < before ? .better : .worse
        default: return .same
        }
    }
}
