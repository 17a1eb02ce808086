import Foundation
import PitwallCore
import PitwallServer
import PitwallSimulator
import Testing

@Suite("Configuration file")
struct ConfigurationFileTests {
    @Test("a full file gives stores with zones, hours and holidays")
    func reads() throws {
        let file = try ConfigurationFile.parse(
            """
            stores:
              - id: lkt
                name: Lakeside Toyota
                timezone: America/Chicago
                business_hours:
                  mon: "08:00-12:00,13:00-20:00"
                  sat: "09:00-18:00"
                  sun: closed
                holidays: [2026-12-25, "2026-01-01"]
            server:
              port: 9090
              session_idle_hours: 72
            """, file: "pitwall.yaml")
        let store = try #require(file.pitwall.stores.first)
        #expect(store.name == "Lakeside Toyota")
        #expect(store.timeZone.identifier == "America/Chicago")
        #expect(store.hours.intervals(isoWeekday: 1).count == 2)
        #expect(store.hours.intervals(isoWeekday: 2).isEmpty)  // days left out are closed
        #expect(store.holidays == [CivilDate(year: 2026, month: 12, day: 25)!, CivilDate(year: 2026, month: 1, day: 1)!])
        #expect(file.server.port == 9090)
        #expect(file.server.sessionIdleSeconds == 72 * 3600, "a wall screen's session outlasts a quiet weekend night")
        #expect(ServerSettings().sessionIdleSeconds == 12 * 3600)
        // A store not in the file: UTC, always open.
        #expect(file.pitwall.store("other").timeZone.secondsFromGMT() == 0)
        #expect(file.pitwall.store("other").calendar.isOpen(at: Timestamp(millisecondsSinceEpoch: 0)))
    }

    @Test(
        "a mistake names the file, the line, the key and the reason",
        arguments: [
            ("stores:\n  - id: a\n    timezone: America/New_Yrok\n", "pitwall.yaml:3: stores[0].timezone: 'America/New_Yrok' is not a known IANA time zone"),
            ("stores:\n  - id: a\n    business_hours:\n      mon: 9-5\n", "pitwall.yaml:4: stores[0].business_hours.mon: '9-5' is not a time range"),
            ("stores:\n  - id: a\n    business_hours:\n      monday: 09:00-17:00\n", "pitwall.yaml:4: stores[0].business_hours.monday: unknown key"),
            ("stores:\n  - id: a\n    holidays: [2026-13-01]\n", "pitwall.yaml:3: stores[0].holidays[0]: '2026-13-01' is not a date"),
            ("stores:\n  - name: nameless\n", "pitwall.yaml:2: stores[0]: 'id' is required"),
            ("stores:\n  - id: a\n  - id: a\n", "pitwall.yaml: stores[1].id: 'a' is used by an earlier store"),
            ("store:\n  - id: a\n", "pitwall.yaml:1: store: unknown key"),
            ("server:\n  port: eighty\n", "pitwall.yaml:2: server.port: 'eighty' must be a whole number"),
            ("server:\n  session_idle_hours: 0\n", "pitwall.yaml:2: server.session_idle_hours: '0' must be a whole number from 1 to 720"),
            ("stores: [\n", "pitwall.yaml:2: not valid YAML"),
            ("alerts:\n  rules:\n    - {id: x, kpi: happiness, above: {critical: 1}}\n", "pitwall.yaml:3: alerts.rules[0].kpi: 'happiness' is not a KPI"),
            ("alerts:\n  rules:\n    - {id: x, kpi: opt_out_rate}\n", "pitwall.yaml:3: alerts.rules[0]: give exactly one of 'above' or 'below'"),
            ("alerts:\n  rules:\n    - {id: x, kpi: opt_out_rate, above: {warning: 0.1, critical: 0.05}}\n", "pitwall.yaml:3: alerts.rules[0].above: the warning threshold must come before the critical one"),
            ("alerts:\n  rules:\n    - {id: x, kpi: opt_out_rate, below: {}}\n", "pitwall.yaml:3: alerts.rules[0].below: give a warning or a critical threshold"),
            ("alerts:\n  rules:\n    - {id: x, kpi: opt_out_rate, above: {critical: 0.1}, each: weekday}\n", "pitwall.yaml:3: alerts.rules[0].each: 'weekday' is not one of"),
            ("alerts:\n  rules:\n    - {id: x, leads: slow, above: {critical: 5}}\n", "pitwall.yaml:3: alerts.rules[0].leads: the leads rule watches for 'stopped'"),
            ("alerts:\n  rules:\n    - {id: x, leads: stopped, above: {critical: 5}, each: group}\n", "pitwall.yaml:3: alerts.rules[0].each: leads stopping is watched for each store, or each source of each store (each: source)"),
            ("alerts:\n  rules:\n    - {id: x, leads: stopped, compliance: violations, above: {critical: 5}}\n", "pitwall.yaml:3: alerts.rules[0]: give exactly one of 'kpi', 'system', 'compliance', 'leads', 'receipts', 'agents', 'changes', 'disk', 'backups' or 'drills'"),
            ("alerts:\n  rules:\n    - {id: x, disk: full, below: {warning: 30}}\n", "pitwall.yaml:3: alerts.rules[0].disk: the disk rule watches for 'filling' (the days of room left on the database's disk)"),
            ("alerts:\n  rules:\n    - {id: x, disk: filling, above: {warning: 30}}\n", "pitwall.yaml:3: alerts.rules[0]: the disk rule counts the days of room left: give below: {warning: 60, critical: 14}"),
            ("alerts:\n  rules:\n    - {id: x, disk: filling, below: {warning: 30}, each: store}\n", "pitwall.yaml:3: alerts.rules[0].each: the database is the whole server's: the disk rule is one alert for the group"),
            ("alerts:\n  rules:\n    - {id: x, disk: filling, below: {warning: 30}, window_days: 7}\n", "pitwall.yaml:3: alerts.rules[0].window_days: the disk rule reads the database as it is now; it takes no window, minimum_sample or stores"),
            ("alerts:\n  rules:\n    - {id: x, backups: late, above: {warning: 30}}\n", "pitwall.yaml:3: alerts.rules[0].backups: the backups rule watches for 'overdue' (the hours since the latest backup pitwall backup noted)"),
            ("alerts:\n  rules:\n    - {id: x, backups: overdue, below: {warning: 30}}\n", "pitwall.yaml:3: alerts.rules[0]: the backups rule counts the hours since the latest backup: give above: {warning: 26, critical: 72}"),
            ("alerts:\n  rules:\n    - {id: x, backups: overdue, above: {warning: 30}, window_minutes: 5}\n", "pitwall.yaml:3: alerts.rules[0].window_minutes: the backups rule reads the database as it is now; it takes no window, minimum_sample or stores"),
            ("alerts:\n  rules:\n    - {id: x, drills: late, above: {warning: 30}}\n", "pitwall.yaml:3: alerts.rules[0].drills: the drills rule watches for 'overdue' (the days since the latest restore drill pitwall restore --drill noted)"),
            ("alerts:\n  rules:\n    - {id: x, drills: overdue, below: {warning: 30}}\n", "pitwall.yaml:3: alerts.rules[0]: the drills rule counts the days since the latest restore drill: give above: {warning: 35, critical: 70}"),
            ("alerts:\n  rules:\n    - {id: x, drills: overdue, above: {warning: 30}, minimum_sample: 2}\n", "pitwall.yaml:3: alerts.rules[0].minimum_sample: the drills rule reads the database as it is now; it takes no window, minimum_sample or stores"),
            ("alerts:\n  rules:\n    - {id: x, changes: better, above: {warning: 0}}\n", "pitwall.yaml:3: alerts.rules[0].changes: the changes rule watches for 'worse' (a change in the change log clearly worse since)"),
            ("alerts:\n  rules:\n    - {id: x, changes: worse, below: {warning: 0}}\n", "pitwall.yaml:3: alerts.rules[0]: a change is watched for reading worse: give above: {warning: 0} (or critical: 0)"),
            ("alerts:\n  rules:\n    - {id: x, changes: worse, above: {warning: 0}, each: source}\n", "pitwall.yaml:3: alerts.rules[0].each: changes are watched one alert a change, at the stores they apply to"),
            ("alerts:\n  rules:\n    - {id: x, changes: worse, above: {warning: 0}, minimum_sample: 30}\n", "pitwall.yaml:3: alerts.rules[0].minimum_sample: a change's verdict weighs how much it counted itself; the changes rule takes no minimum_sample"),
            ("alerts:\n  rules:\n    - {id: x, agents: busy, above: {warning: 5}}\n", "pitwall.yaml:3: alerts.rules[0].agents: the agents rule watches for 'overloaded'"),
            ("alerts:\n  rules:\n    - {id: x, agents: overloaded, above: {warning: 5}, window_days: 3}\n", "pitwall.yaml:3: alerts.rules[0].window_days: an agent's load is the leads of the last 7 days waiting on them; it takes no window"),
            ("alerts:\n  rules:\n    - {id: x, agents: overloaded, above: {warning: 5}, each: source}\n", "pitwall.yaml:3: alerts.rules[0].each: agents' loads are watched for each agent of each store"),
            ("alerts:\n  rules:\n    - {id: x, receipts: late, above: {critical: 0.5}}\n", "pitwall.yaml:3: alerts.rules[0].receipts: the receipts rule watches for 'missing'"),
            ("alerts:\n  rules:\n    - {id: x, receipts: missing, above: {critical: 0.5}, message_channels: [call]}\n", "pitwall.yaml:3: alerts.rules[0].message_channels[0]: 'call' is not a channel with delivery receipts: give sms or email"),
            ("alerts:\n  rules:\n    - {id: x, receipts: missing, above: {critical: 0.5}, message_channels: []}\n", "pitwall.yaml:3: alerts.rules[0].message_channels: give at least one of sms or email"),
            ("alerts:\n  rules:\n    - {id: x, receipts: missing, above: {critical: 0.5}, window_days: 1}\n", "pitwall.yaml:3: alerts.rules[0].window_days: delivery receipts are watched over window_minutes, not days"),
            ("alerts:\n  rules:\n    - {id: x, receipts: missing, above: {critical: 0.5}, each: source}\n", "pitwall.yaml:3: alerts.rules[0].each: delivery receipts are watched for each store and channel"),
            ("alerts:\n  rules:\n    - {id: x, kpi: opt_out_rate, above: {critical: 0.1}, skip_recent_minutes: 5}\n", "pitwall.yaml:3: alerts.rules[0].skip_recent_minutes: only the receipts rule takes skip_recent_minutes"),
            ("alerts:\n  rules:\n    - {id: x, receipts: missing, above: {critical: 0.5}, latest_messages: 0}\n", "pitwall.yaml:3: alerts.rules[0].latest_messages: '0' must be a whole number from 1 to 10000"),
            ("routing:\n  rule: random\n", "pitwall.yaml:2: routing.rule: 'random' is not one of round_robin, least_loaded"),
            ("routing:\n  agents:\n    - {id: ana, store: nowhere, shifts: {}}\n", "pitwall.yaml:3: routing.agents[0].store: 'nowhere' is not a configured store"),
            ("stores: [{id: a}]\nrouting:\n  agents:\n    - {id: ana, store: a}\n", "pitwall.yaml:4: routing.agents[0]: 'shifts' is required"),
            ("stores: [{id: a}]\nrouting:\n  agents:\n    - {id: ana, store: a, shifts: {mon: 8-4}}\n", "pitwall.yaml:4: routing.agents[0].shifts.mon: '8-4' is not a time range"),
            ("stores: [{id: a}]\nrouting:\n  agents:\n    - {id: ana, store: a, shifts: {}, tiers: [lukewarm]}\n", "pitwall.yaml:4: routing.agents[0].tiers[0]: 'lukewarm' is not one of"),
            ("stores: [{id: a}]\nrouting:\n  agents:\n    - {id: ana, store: a, shifts: {}}\n    - {id: ana, store: a, shifts: {}}\n", "pitwall.yaml:5: routing.agents[1].id: 'ana' is listed twice"),
            ("stores: [{id: a}]\ntelnyx:\n  accounts:\n    - {store: a, public_key: c2hvcnQ=}\n", "pitwall.yaml:4: telnyx.accounts[0].public_key: not a base64 Ed25519 public key (32 bytes)"),
            ("stores: [{id: a}]\nbandwidth:\n  accounts:\n    - {store: a, username: u}\n", "pitwall.yaml:4: bandwidth.accounts[0]: give exactly one of 'password' and 'password_env'"),
            ("sources: [cars_com]\n", "pitwall.yaml:1: sources: must be a mapping of source ids (as the CRM sends them) to names"),
            ("sources:\n  cars_com: Cars.com\n  carscom: Cars.com\n", "pitwall.yaml:3: sources.carscom: 'Cars.com' is already the name of source 'cars_com'"),
            ("sources:\n  cars_com: \"  \"\n", "pitwall.yaml:2: sources.cars_com: the name must be 1 to 80 characters"),
            ("sources:\n  cars_com: [a, b]\n", "pitwall.yaml:2: sources.cars_com: must be a single value"),
            ("campaigns:\n  a: Spring\n  b: Spring\n", "pitwall.yaml:3: campaigns.b: 'Spring' is already the name of campaign 'a'"),
            ("templates: [first-touch]\n", "pitwall.yaml:1: templates: must be a mapping of template ids (as sent in template_id) to their words"),
            ("templates:\n  first-touch: \"  \"\n", "pitwall.yaml:2: templates.first-touch: the template's words must be 1 to 1,600 characters"),
            ("templates:\n  first-touch: [Hi, there]\n", "pitwall.yaml:2: templates.first-touch: must be a single value"),
            ("goals:\n  monthly:\n    cars: 300\n", "pitwall.yaml:3: goals.monthly.cars: unknown key (expected one of: leads, revenue, sales, texts_sent)"),
            ("goals:\n  monthly:\n    sales: -5\n", "pitwall.yaml:3: goals.monthly.sales: '-5' must be a number above 0"),
            ("goals:\n  sales: 300\n", "pitwall.yaml:2: goals.sales: unknown key (expected one of: monthly)"),
            ("stores:\n  - id: a\n    goals: {monthly: {revenue: lots}}\n", "pitwall.yaml:3: stores[0].goals.monthly.revenue: 'lots' must be a number above 0"),
            ("staffing:\n  share_in_time: 80\n", "pitwall.yaml:2: staffing.share_in_time: '80' must be the share of new leads taken in time, from 0.5 to 0.99 (0.8 is 80 %)"),
            ("staffing:\n  minutes_per_lead: 0\n", "pitwall.yaml:2: staffing.minutes_per_lead: '0' must be the minutes of an agent's work on a new lead, from 0.5 to 240"),
            ("messaging_platform:\n  per_text_sent: 1¢\n", "pitwall.yaml:2: messaging_platform.per_text_sent: '1¢' must be what one text sent costs, in dollars, from 0 to 10 (0.0079 is 0.79 cents)"),
            ("messaging_platform:\n  monthly_fee_per_store: -5\n", "pitwall.yaml:2: messaging_platform.monthly_fee_per_store: '-5' must be the platform's fee a month for one store, in dollars, from 0 to 1000000"),
            ("messaging_platform:\n  gross_profit_per_car: 0\n", "pitwall.yaml:2: messaging_platform.gross_profit_per_car: '0' must be the gross profit on a car sold, in dollars, from 1 to 1000000"),
            ("messaging_platform:\n  fee: 5\n", "pitwall.yaml:2: messaging_platform.fee: unknown key (expected one of: gross_profit_per_car, monthly_fee_per_store, per_lead, per_text_sent)"),
            ("staffing:\n  answer_within: 5\n", "pitwall.yaml:2: staffing.answer_within: unknown key (expected one of: answer_within_minutes, minutes_per_lead, share_in_time)"),
            ("repeat_leads:\n  window_days: 0\n", "pitwall.yaml:2: repeat_leads.window_days: '0' must be a whole number from 1 to 365"),
            ("repeat_leads:\n  days: 30\n", "pitwall.yaml:2: repeat_leads.days: unknown key (expected one of: window_days)"),
            ("repeat_leads: {}\n", "pitwall.yaml:1: repeat_leads: 'window_days' is required"),
        ])
    func explainsMistakes(yaml: String, expectedStart: String) {
        #expect {
            try ConfigurationFile.parse(yaml, file: "pitwall.yaml")
        } throws: { error in
            "\(error)".hasPrefix(expectedStart)
        }
    }

    @Test("monthly goals for the group and a store, read back from the YAML the demo writes")
    func goals() throws {
        let stores = [StoreProfile(id: "a", timeZone: TimeZone(identifier: "UTC")!), StoreProfile(id: "b", timeZone: TimeZone(identifier: "UTC")!)]
        let goals = MonthlyGoals(group: [.leads: 4_800, .sales: 360, .revenue: 13_000_000.5], stores: ["b": [.sales: 90]])
        let parsed = try ConfigurationFile.parse(ConfigurationFile.yaml(for: stores, goals: goals), file: "pitwall.yaml").pitwall
        #expect(parsed.monthlyGoals == goals)
        #expect(parsed.monthlyGoals.goals(for: "b") == [.sales: 90] && parsed.monthlyGoals.goals(for: "a").isEmpty)
        #expect(parsed.monthlyGoals.goals(for: nil)[.revenue] == 13_000_000.5)
    }

    @Test("each template's words read back from the YAML the demo writes, placeholders, quotes, emoji and line breaks kept")
    func templateTexts() throws {
        let stores = [StoreProfile(id: "a", timeZone: TimeZone(identifier: "UTC")!)]
        let texts: [TemplateID: String] = [
            "first-touch-question": "Hi {first_name}, is the \"{vehicle}\" still the one? \u{1F697}", "follow-up": "Line one\nline two \\ done",
        ]
        let parsed = try ConfigurationFile.parse(ConfigurationFile.yaml(for: stores, templateTexts: texts), file: "pitwall.yaml").pitwall
        #expect(parsed.templateTexts == texts)
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 1, seed: 7, storeCount: 1))
        let demo = try ConfigurationFile.parse(
            ConfigurationFile.yaml(for: simulator.configuration.stores, templateTexts: simulator.templateTexts), file: "demo.yaml").pitwall
        #expect(demo.templateTexts.count == 8 && demo.templateTexts == simulator.templateTexts, "five first texts and three follow-ups")
    }

    @Test("the repeat leads' window for the marketing figures: speed to lead's unless set, and setting it leaves speed to lead's alone")
    func repeatLeadWindow() throws {
        let plain = try ConfigurationFile.parse("response_time: {repeat_window_days: 3, changed_on: 2026-01-01, reason: Shorter.}\n", file: "pitwall.yaml").pitwall
        #expect(plain.repeatLeadWindowDays == nil && plain.repeatLeadDays == 3)
        let set = try ConfigurationFile.parse("response_time: {repeat_window_days: 3, changed_on: 2026-01-01, reason: Shorter.}\nrepeat_leads: {window_days: 45}\n", file: "pitwall.yaml").pitwall
        #expect(set.repeatLeadDays == 45 && set.responseTime.repeatWindowDays == 3)
    }

    @Test("the messaging platform's costs: unknown unless set; dollars with cents and underscores")
    func messagingPlatform() throws {
        #expect(try !ConfigurationFile.parse("stores: [{id: a}]\n", file: "pitwall.yaml").pitwall.messagingPlatform.isKnown)
        let set = try ConfigurationFile.parse(
            "messaging_platform: {monthly_fee_per_store: 1_500, per_text_sent: 0.0079, per_lead: 0.25, gross_profit_per_car: 2800}\n", file: "pitwall.yaml"
        ).pitwall.messagingPlatform
        #expect(set == MessagingPlatformCosts(monthlyFeePerStore: 1_500, perTextSent: 0.0079, perLead: 0.25, grossProfitPerCar: 2_800))
        let fee = try ConfigurationFile.parse("messaging_platform: {monthly_fee_per_store: 900}\n", file: "pitwall.yaml").pitwall.messagingPlatform
        #expect(fee == MessagingPlatformCosts(monthlyFeePerStore: 900) && fee.grossProfitPerCar == nil)
        // The demo's file carries its costs and reads back to them.
        let stores = [StoreProfile(id: "a", name: "A", timeZone: TimeZone(identifier: "UTC")!)]
        #expect(try ConfigurationFile.parse(ConfigurationFile.yaml(for: stores, messagingPlatform: set), file: "demo.yaml").pitwall.messagingPlatform == set)
        #expect(!ConfigurationFile.yaml(for: stores).contains("messaging_platform"))
    }

    @Test("the staffing target: defaults of 10 minutes a lead and 80 % within 5 minutes; each key set alone")
    func staffing() throws {
        #expect(try ConfigurationFile.parse("stores: [{id: a}]\n", file: "pitwall.yaml").pitwall.staffing == StaffingTarget(minutesPerLead: 10, answerWithinSeconds: 300, shareInTime: 0.8))
        let set = try ConfigurationFile.parse("staffing: {minutes_per_lead: 12.5, answer_within_minutes: 3, share_in_time: 0.9}\n", file: "pitwall.yaml").pitwall.staffing
        #expect(set == StaffingTarget(minutesPerLead: 12.5, answerWithinSeconds: 180, shareInTime: 0.9))
        #expect(try ConfigurationFile.parse("staffing: {answer_within_minutes: 15}\n", file: "pitwall.yaml").pitwall.staffing == StaffingTarget(answerWithinSeconds: 900))
    }

    @Test("the YAML the simulator writes reads back to the same stores")
    func roundTrip() throws {
        let stores = [
            StoreProfile(
                id: "s1", name: "Quote \"Motors\"", timeZone: TimeZone(identifier: "America/Denver")!,
                hours: WeeklyHours(days: try ["08:00-12:00,13:00-20:00", "22:00-02:00", "24h", "closed", "09:00-17:00", "09:00-17:00", "closed"].map(WeeklyHours.parseDay)),
                holidays: [CivilDate(year: 2026, month: 7, day: 4)!]),
            StoreProfile(id: "s2", timeZone: TimeZone(identifier: "UTC")!),
        ]
        let roster = AgentRoster(
            rule: .roundRobin,
            agents: [
                RosterAgent(
                    agentID: "a-1", name: "Ana \"Speedy\"", storeID: "s1", shifts: stores[0].hours, daysOff: [CivilDate(year: 2026, month: 12, day: 24)!],
                    tiers: [.hot, .cold]),
                RosterAgent(agentID: "a-2", storeID: "s2", shifts: WeeklyHours.alwaysOpen),
            ])
        let targets: [StoreID: [KPICatalog.Override]] = [
            "s1": [
                KPICatalog.Override(
                    key: .averageSaleValue, targetMin: 20_000, targetMax: 30_000, redBelow: 15_000, date: CivilDate(year: 2026, month: 5, day: 1)!,
                    reason: "Used cars sell for \"less\"."),
                KPICatalog.Override(key: .optOutRate, targetMax: 0.035, greenMax: 0.04, redAbove: 0.0625, date: CivilDate(year: 2026, month: 6, day: 2)!, reason: "x"),
            ]
        ]
        let sources = ["cars_com": "Cars.com", "walk_in": "Walk-in \"lot\"", "fb: ads": "Facebook # Ads"]
        let parsed = try ConfigurationFile.parse(
            ConfigurationFile.yaml(for: stores, roster: roster, targets: targets, sourceNames: sources), file: "generated.yaml")
        #expect(parsed.pitwall.stores == stores)
        #expect(parsed.pitwall.roster == roster)
        #expect(parsed.pitwall.storeKPIOverrides == targets)
        #expect(parsed.pitwall.sourceNames == sources)
        // The pages call the agent by the roster's name; an agent named only by id keeps it.
        #expect(parsed.pitwall.names.agent("a-1") == "Ana \"Speedy\"" && parsed.pitwall.names.agent("a-2") == "a-2")
        #expect(parsed.pitwall.names.source("cars_com") == "Cars.com" && parsed.pitwall.names.source("truecar") == "truecar")
    }

    @Test("the demo's group has a store held to its own average-sale target, and the group's target is unchanged")
    func demoTargets() throws {
        let simulator = DealershipSimulator(
            settings: SimulationSettings(days: 30, seed: 7, storeCount: 4, start: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)))
        let yaml = ConfigurationFile.yaml(for: simulator.configuration.stores, roster: simulator.configuration.roster, targets: simulator.ownTargets)
        let configuration = try ConfigurationFile.parse(yaml, file: "demo.yaml").pitwall
        let honda = try #require(simulator.stores.first { $0.brand == "Honda" }?.profile.id)
        #expect(Set(configuration.storeKPIOverrides.keys) == [honda])
        let own = configuration.kpiCatalog(for: honda)[.averageSaleValue]
        #expect(own.target.min == 28_000 && own.target.max == 36_000)
        #expect(own.changes.last?.date == CivilDate(year: 2026, month: 1, day: 1))
        let group = configuration.kpiCatalog(for: nil)[.averageSaleValue]
        #expect(group.target.min == 35_000 && group.target.max == 45_000)
        #expect(configuration.kpiCatalog(for: simulator.stores[0].profile.id)[.averageSaleValue] == group)
    }

    @Test("the demo's file names every source and campaign it sends, and every agent by a person's name")
    func demoNames() throws {
        let simulator = DealershipSimulator(
            settings: SimulationSettings(days: 30, seed: 7, storeCount: 4, start: Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)))
        let yaml = ConfigurationFile.yaml(
            for: simulator.configuration.stores, roster: simulator.configuration.roster, sourceNames: simulator.sourceNames,
            campaignNames: simulator.campaignNames)
        let names = try ConfigurationFile.parse(yaml, file: "demo.yaml").pitwall.names
        var sources: Set<String> = []
        var campaigns: Set<String> = []
        var agents: Set<String> = []
        simulator.run { event in
            switch event.payload {
            case .leadCreated(let lead):
                sources.insert(lead.source)
                if let campaign = lead.campaignID { campaigns.insert(campaign.rawValue) }
            case .leadAssigned(let agent, _): agents.insert(agent.rawValue)
            default: break
            }
        }
        #expect(!sources.isEmpty && !campaigns.isEmpty && !agents.isEmpty)
        #expect(sources.filter { names.source($0) == $0 }.isEmpty, "unnamed sources")
        #expect(campaigns.filter { names.campaign($0) == $0 }.isEmpty, "unnamed campaigns")
        #expect(agents.filter { names.agent($0).split(separator: " ").count != 2 }.isEmpty, "agents without a first and last name")
        #expect(names.value("fb-trade-in", of: .campaign) == "Facebook trade-in offer")
    }

    @Test("no --config and no ./pitwall.yaml means defaults; a named file that is missing is an error")
    func missingFile() throws {
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.load(path: "/nonexistent/pitwall.yaml") }
    }

    @Test("a KPI target moved in the file is a dated, explained new version")
    func kpiOverride() throws {
        let file = try ConfigurationFile.parse(
            """
            kpis:
              lead_response_rate:
                target_min: 0.28
                changed_on: 2026-04-01
                reason: The new assistant answers better; raise the bar.
            """, file: "pitwall.yaml")
        let definition = file.pitwall.kpiCatalog[.leadResponseRate]
        #expect(definition.target.min == 0.28)
        #expect(definition.bands.greenMin == 0.28)
        #expect(definition.version == 2)
        #expect(definition.changes.last?.date == CivilDate(year: 2026, month: 4, day: 1))
        #expect {
            try ConfigurationFile.parse("kpis:\n  opt_out_rate:\n    target_max: 0.04\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("kpis.opt_out_rate: 'changed_on' (YYYY-MM-DD) is required")
        }
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse("kpis:\n  happiness: {}\n", file: "pitwall.yaml") }
    }

    @Test("a store's own targets apply on top of the group's, as dated, explained changes naming the store; mistakes name the store's key")
    func storeTargets() throws {
        let file = try ConfigurationFile.parse(
            """
            kpis:
              lead_response_rate: {target_min: 0.28, changed_on: 2026-04-01, reason: Raise the bar.}
            stores:
              - id: lkt
                name: Lakeside Toyota
              - id: usd
                name: Used Direct
                kpis:
                  average_sale_value: {target_min: 20000, target_max: 30000, red_below: 15000, changed_on: 2026-05-01, reason: Used cars sell for less.}
                  lead_response_rate: {red_below: 0.1, changed_on: 2026-05-01, reason: A new store.}
            """, file: "pitwall.yaml")
        let group = file.pitwall.kpiCatalog
        let used = file.pitwall.kpiCatalog(for: "usd")
        #expect(file.pitwall.kpiCatalog(for: "lkt") == group)
        #expect(file.pitwall.kpiCatalog(for: nil) == group)
        let sales = used[.averageSaleValue]
        #expect(sales.target == KPITarget(min: 20_000, max: 30_000))
        #expect(sales.bands.greenMin == 20_000 && sales.bands.redBelow == 15_000)
        #expect(sales.version == 2 && sales.changes.last?.summary.hasPrefix("at Used Direct: target 35000.0..45000.0 → 20000.0..30000.0") == true)
        #expect(sales.changes.last?.reason == "Used cars sell for less.")
        #expect(group[.averageSaleValue] == KPICatalog.standard[.averageSaleValue])
        // The group's raised bar stays; only the red edge is the store's.
        let response = used[.leadResponseRate]
        #expect(response.target.min == 0.28 && response.bands.greenMin == 0.28 && response.bands.redBelow == 0.1)
        #expect(response.version == 3)
        #expect(Set(file.pitwall.storeKPICatalogs.keys) == ["usd"])
        #expect {
            try ConfigurationFile.parse("stores:\n  - id: usd\n    kpis:\n      average_sale_value: {target_min: 20000}\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("stores[0].kpis.average_sale_value: 'changed_on' (YYYY-MM-DD) is required")
        }
        #expect {
            try ConfigurationFile.parse(
                "stores:\n  - id: usd\n    kpis:\n      average_sale_value: {target_min: lots, changed_on: 2026-05-01, reason: x}\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("stores[0].kpis.average_sale_value.target_min: 'lots' must be a number")
        }
    }

    @Test("the agent-load alert follows agent_waiting_limit unless the file writes the rule itself")
    func agentLoadRule() throws {
        func rule(_ yaml: String) throws -> AlertRule? {
            try ConfigurationFile.parse(yaml, file: "pitwall.yaml").pitwall.alertRules.first { $0.id == "agent_overloaded" }
        }
        let limited = try rule("response_time: {agent_waiting_limit: 6, changed_on: 2026-03-01, reason: Smaller floor.}\n")
        #expect(limited?.warning == 6 && limited?.critical == 12)
        #expect(try rule("stores: [{id: lkt, name: Lakeside}]\n")?.warning == 10, "the policy's default")
        let own = try rule(
            "response_time: {agent_waiting_limit: 6, changed_on: 2026-03-01, reason: Smaller floor.}\n"
                + "alerts:\n  rules:\n    - {id: agent_overloaded, agents: overloaded, above: {warning: 4}, for_minutes: 1}\n")
        #expect(own?.warning == 4 && own?.critical == nil && own?.forSeconds == 60)
    }

    @Test("a disk rule of the file's own: its days replace the shipped rule's; one alert for the group, at once")
    func diskRule() throws {
        let file = try ConfigurationFile.parse(
            "alerts:\n  rules:\n    - {id: disk_filling, disk: filling, below: {warning: 30, critical: 7}, channels: [ops]}\n"
                + "notifications:\n  channels:\n    - {name: ops, webhook: \"https://ops.example.com/hook\", secret: s3cret}\n",
            file: "pitwall.yaml")
        let rule = try #require(file.pitwall.alertRules.first { $0.id == "disk_filling" })
        #expect(rule.subject == .diskFilling && rule.direction == .below && rule.warning == 30 && rule.critical == 7 && rule.scope == .group)
        #expect(rule.forSeconds == 0 && rule.clearForSeconds == 0 && rule.minimumSample == 1 && rule.channels == ["ops"])
        #expect(file.pitwall.alertRules.filter { $0.subject == .diskFilling }.count == 1, "replaces the shipped rule of the same id")
    }

    @Test("a drills rule of the file's own: a quarterly schedule replaces the shipped monthly one; one alert for the group, at once")
    func drillsRule() throws {
        let file = try ConfigurationFile.parse(
            "alerts:\n  rules:\n    - {id: restore_drill_overdue, drills: overdue, above: {warning: 95, critical: 120}}\n", file: "pitwall.yaml")
        let rule = try #require(file.pitwall.alertRules.first { $0.id == "restore_drill_overdue" })
        #expect(rule.subject == .restoreDrillOverdue && rule.direction == .above && rule.warning == 95 && rule.critical == 120 && rule.scope == .group)
        #expect(rule.forSeconds == 0 && rule.clearForSeconds == 0 && rule.minimumSample == 1 && rule.subject.isSystemCheck)
        #expect(file.pitwall.alertRules.filter { $0.subject == .restoreDrillOverdue }.count == 1, "replaces the shipped rule of the same id")
    }

    @Test("a changes rule of the file's own: critical, over 30 days, at once, only where it names")
    func changesRule() throws {
        let file = try ConfigurationFile.parse(
            "stores: [{id: lkt, name: Lakeside}, {id: rvc, name: Riverside}]\n"
                + "alerts:\n  rules:\n    - {id: change_worse, changes: worse, above: {critical: 0}, window_days: 30, stores: [lkt]}\n", file: "pitwall.yaml")
        let rule = try #require(file.pitwall.alertRules.first { $0.id == "change_worse" })
        #expect(rule.subject == .changesWorse && rule.critical == 0 && rule.warning == nil && rule.window.days == 30 && rule.stores == ["lkt"])
        #expect(rule.forSeconds == 0 && rule.clearForSeconds == 0 && rule.minimumSample == 1)
        #expect(file.pitwall.alertRules.filter { $0.subject == .changesWorse }.count == 1, "replaces the shipped rule of the same id")
    }

    @Test("a store's own SLAs replace the group's for the tiers it names, as a dated, explained change in its SLA attainment's log; mistakes name the store's key")
    func storeSLAs() throws {
        let file = try ConfigurationFile.parse(
            """
            response_time: {sla_minutes: {warm: 20}, changed_on: 2026-03-01, reason: Warm leads wait for the morning.}
            stores:
              - id: lkt
                name: Lakeside Toyota
              - id: usd
                name: Used Direct
                response_time: {sla_minutes: {hot: 10}, changed_on: 2026-05-01, reason: No BDC in the evening.}
            """, file: "pitwall.yaml")
        let policy = file.pitwall.responseTime
        #expect(policy.sla(for: .hot, at: "usd") == 600 && policy.sla(for: .hot, at: "lkt") == 300 && policy.sla(for: .hot, at: nil) == 300)
        #expect(policy.sla(for: .warm, at: "usd") == 1_200, "a tier the store does not name keeps the group's")
        #expect(policy.rollupFingerprint(at: "lkt") != policy.rollupFingerprint(at: "usd"))
        let attainment = file.pitwall.kpiCatalog(for: "usd")[.slaAttainment]
        #expect(attainment.changes.last?.summary == "at Used Direct: hot SLA: 10 min" && attainment.changes.last?.reason == "No BDC in the evening.")
        #expect(attainment.version == file.pitwall.kpiCatalog[.slaAttainment].version + 1)
        #expect(file.pitwall.kpiCatalog(for: "lkt") == file.pitwall.kpiCatalog)
        #expect(Set(file.pitwall.storeKPICatalogs.keys) == ["usd"])
        #expect(policy.json.contains(#""store_sla_seconds":{"usd":{"hot":600,"warm":1200,"cold":3600}}"#), "\(policy.json)")
        for (yaml, message) in [
            ("{sla_minutes: {hot: 10}}", "stores[0].response_time: 'changed_on' (YYYY-MM-DD) is required"),
            ("{sla_minutes: {hot: soon}, changed_on: 2026-05-01, reason: x}", "stores[0].response_time.sla_minutes.hot: 'soon' must be a number"),
            ("{sla_minutes: {urgent: 1}, changed_on: 2026-05-01, reason: x}", "stores[0].response_time.sla_minutes.urgent: unknown key"),
            ("{clock: wall, changed_on: 2026-05-01, reason: x}", "stores[0].response_time.clock: unknown key"),
        ] {
            #expect {
                try ConfigurationFile.parse("stores:\n  - id: usd\n    response_time: \(yaml)\n", file: "pitwall.yaml")
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }

    @Test("the README's example configuration is one the server accepts, store targets and all")
    func readmeExample() throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let file = try ConfigurationFile.parse(block, file: "README.md", environment: ["PITWALL_WEBHOOK_SECRET": "example"])
        #expect(file.pitwall.stores.map(\.id) == ["lkt", "usd"])
        #expect(file.pitwall.kpiCatalog(for: "usd")[.averageSaleValue].target.min == 20_000)
        #expect(file.pitwall.responseTime.sla(for: .hot, at: "usd") == 600)
        #expect(file.server.sessionIdleSeconds == 12 * 3_600)
        #expect(file.pitwall.templateTexts["first-touch-question"].map { TemplateWording($0).personal } == true)
    }

    @Test("a response-time policy other than the defaults is dated, explained and noted in the KPI change log")
    func responseTimePolicy() throws {
        let file = try ConfigurationFile.parse(
            """
            response_time:
              start: received
              responders: [agent]
              clock: wall
              sla_minutes: {hot: 3, warm: 10}
              tier_by_source: {phone: hot}
              escalate_at: 0.6
              changed_on: 2026-05-01
              reason: Managers agreed to hold people to the first human answer.
            """, file: "pitwall.yaml")
        let policy = file.pitwall.responseTime
        #expect(policy.start == .received)
        #expect(policy.responders == [.agent])
        #expect(policy.clock == .wall)
        #expect(policy.sla(for: .hot) == 180)
        #expect(policy.sla(for: .cold) == 3600)
        #expect(policy.tierBySource == ["phone": .hot])
        #expect(policy.version == 2)
        #expect(policy.changes.last?.summary.contains("clock: wall") == true)
        let note = file.pitwall.kpiCatalog[.firstResponseTime].changes.last
        #expect(note?.summary.hasPrefix("response-time policy:") == true)
        #expect(note?.date == CivilDate(year: 2026, month: 5, day: 1))
        #expect {
            try ConfigurationFile.parse("response_time:\n  clock: wall\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("'changed_on' (YYYY-MM-DD) is required")
        }
        #expect {
            try ConfigurationFile.parse("response_time:\n  clock: sundial\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("response_time.clock: 'sundial' is not one of business, wall")
        }
        #expect(try ConfigurationFile.parse("response_time:\n  clock: business\n", file: "pitwall.yaml").pitwall.responseTime.version == 1)
    }

    @Test("the temperature's points weighed otherwise are dated, explained and noted in its KPI's change log; mistakes name the key")
    func leadTemperaturePoints() throws {
        let file = try ConfigurationFile.parse(
            """
            lead_temperature:
              points:
                warm_tier: 25
                replied: 20
                reachable: 10
              changed_on: 2026-12-01
              reason: Warm web leads buy more than the CRM's rating says.
            """, file: "pitwall.yaml")
        let weights = file.pitwall.leadTemperature
        #expect(weights[.warmTier] == 25 && weights[.replied] == 20 && weights[.hotTier] == 30)
        #expect(weights.differencesFromStandard == ["warm_tier 25 (standard 20)", "replied 20 (standard 15)"], "the same points as the standard are no change")
        let note = file.pitwall.kpiCatalog[.leadTemperatureScore].changes.last
        #expect(note?.version == 3 && note?.date == CivilDate(year: 2026, month: 12, day: 1))
        #expect(note?.summary == "points: warm_tier 25 (standard 20); replied 20 (standard 15)")
        #expect {
            try ConfigurationFile.parse("lead_temperature:\n  points:\n    replied: 20\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("pitwall.yaml:2: lead_temperature: 'changed_on' (YYYY-MM-DD) is required")
        }
        #expect {
            try ConfigurationFile.parse("lead_temperature:\n  points:\n    likes_us: 20\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("pitwall.yaml:3: lead_temperature.points.likes_us: unknown key")
        }
        #expect {
            try ConfigurationFile.parse("lead_temperature:\n  points:\n    replied: 150\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("lead_temperature.points.replied") && "\(error)".contains("100")
        }
        let standard = try ConfigurationFile.parse("lead_temperature:\n  points:\n    replied: 15\n", file: "pitwall.yaml").pitwall
        #expect(standard.leadTemperature == .standard && standard.kpiCatalog[.leadTemperatureScore].version == 2)
    }

    @Test("a store's date overrides read back, and win over holidays")
    func overrides() throws {
        let file = try ConfigurationFile.parse(
            """
            stores:
              - id: a
                holidays: [2026-12-24]
                overrides:
                  2026-12-24: "09:00-14:00"
                  2026-12-31: closed
            """, file: "pitwall.yaml")
        let store = try #require(file.pitwall.stores.first)
        #expect(store.openings(on: CivilDate(year: 2026, month: 12, day: 24)!).map(\.description) == ["09:00-14:00"])
        #expect(store.openings(on: CivilDate(year: 2026, month: 12, day: 31)!).isEmpty)
        #expect(try ConfigurationFile.parse(ConfigurationFile.yaml(for: [store]), file: "again.yaml").pitwall.stores == [store])
        #expect(store.calendarVersion != StoreProfile(id: "a", timeZone: store.timeZone, holidays: store.holidays).calendarVersion)
    }

    @Test("alerts: a rule with a default's id replaces it, new rules are added, and the SOP's rules can be left out")
    func alertRules() throws {
        let file = try ConfigurationFile.parse(
            """
            stores: [{id: lkt}]
            alerts:
              rules:
                - id: opt_out_rate
                  kpi: opt_out_rate
                  above: {warning: 0.04, critical: 0.06}
                  window_days: 3
                  skip_recent_days: 1
                  for_minutes: 0
                  minimum_sample: 50
                - id: slow_answers
                  name: Slow first answers
                  kpi: first_response_time
                  above: {warning: 300}
                  each: source
                  stores: [lkt]
                - id: leads_stopped
                  leads: stopped
                  above: {critical: 8}
                  for_minutes: 0
                - id: source_leads_stopped
                  leads: stopped
                  each: source
                  above: {warning: 8, critical: 10}
                - id: receipts_missing
                  receipts: missing
                  message_channels: [sms]
                  above: {critical: 0.4}
                  latest_messages: 40
                  window_minutes: 240
                  skip_recent_minutes: 20
            """, file: "pitwall.yaml")
        let rules = file.pitwall.alertRules
        #expect(rules.map(\.id) == AlertRule.sopDefaults.map(\.id) + ["slow_answers", "source_leads_stopped"])
        // A store that gets its leads in bursts asks for more silence before it is told; the
        // pace is still learned from the four weeks before today.
        let stopped = try #require(rules.first { $0.id == "leads_stopped" })
        #expect(stopped.subject == .leadsStopped && stopped.warning == nil && stopped.critical == 8)
        #expect(stopped.window == AlertWindow(days: 28, skipRecentDays: 1) && stopped.scope == .eachStore)
        #expect(rules.first { $0.id == "source_leads_stopped" }?.scope == .eachStoreAnd(.source))
        // A group whose e-mail provider sends no delivery events watches its texts alone, and
        // waits longer on its slow carrier; the SOP default's patience is kept.
        let receipts = try #require(rules.first { $0.id == "receipts_missing" })
        #expect(receipts.subject == .receiptsMissing(channels: [.sms], latest: 40) && receipts.critical == 0.4 && receipts.warning == nil)
        #expect(receipts.window == .lastMinutes(240, skippingRecent: 20) && receipts.window.description == "240 min ending 20 min ago")
        #expect((receipts.forSeconds, receipts.clearForSeconds, receipts.minimumSample) == (0, 600, 10))
        let optOut = try #require(rules.first { $0.id == "opt_out_rate" })
        #expect((optOut.warning, optOut.critical, optOut.minimumSample, optOut.forSeconds) == (0.04, 0.06, 50, 0))
        #expect(optOut.window == AlertWindow(days: 3, skipRecentDays: 1))
        let slow = try #require(rules.first { $0.id == "slow_answers" })
        #expect(slow.scope == .eachStoreAnd(.source))
        #expect(slow.stores == ["lkt"])
        #expect(slow.name == "Slow first answers")
        let bare = try ConfigurationFile.parse("alerts:\n  sop_defaults: false\n", file: "pitwall.yaml")
        #expect(bare.pitwall.alertRules.isEmpty)
    }
}

@Suite("The reports section of the configuration")
struct ReportConfigurationTests {
    let channels = """
        notifications:
          channels:
            - {name: bdc-mail, email: {host: smtp.example.com, from: pitwall@example.com, to: [bdc@example.com]}}
            - {name: board, slack: "https://hooks.slack.com/services/T/B/X"}

        """

    @Test("each report's time and channels; the SOP's times unless set")
    func reports() throws {
        let file = try ConfigurationFile.parse(
            channels + """
            reports:
              daily: {channels: [bdc-mail, board]}
              monthly: {at: "07:15", channels: [board]}
            """, file: "pitwall.yaml")
        #expect(file.pitwall.reports.schedules == [
            ReportSchedule(kind: .daily, minute: 480, channels: ["bdc-mail", "board"]), ReportSchedule(kind: .monthly, minute: 435, channels: ["board"]),
        ])
    }

    @Test("mistakes name the key and say what would do", arguments: [
        ("reports:\n  daily: {channels: [sales]}\n", "pitwall.yaml:6: reports.daily.channels[0]: 'sales' is not a channel under notifications.channels"),
        ("reports:\n  daily: {at: \"8am\", channels: [board]}\n", "pitwall.yaml:6: reports.daily.at: '8am' is not a time like 08:00"),
        ("reports:\n  weekly: {at: \"09:00\"}\n", "pitwall.yaml:6: reports.weekly: 'channels' is required: the notification channels the weekly report goes to"),
        ("reports:\n  daily: {channels: []}\n", "pitwall.yaml:6: reports.daily.channels: name at least one channel"),
    ])
    func mistakes(text: String, message: String) {
        #expect {
            try ConfigurationFile.parse(channels + text, file: "pitwall.yaml")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test("an unknown report is refused with the ones there are")
    func unknownReport() {
        #expect {
            try ConfigurationFile.parse(channels + "reports:\n  hourly: {channels: [board]}\n", file: "pitwall.yaml")
        } throws: { error in
            "\(error)".contains("hourly") && "\(error)".contains("daily")
        }
    }
}
