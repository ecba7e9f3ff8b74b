import Foundation
import Testing

@testable import ParticipationKit

/// A term worked out by hand with a paper calendar: where it nominally ends, where it really
/// ends, and a part of the explanation that must say why.
///
/// Every expected date was worked out apart from this package: Python's `datetime`/`calendar`
/// with the holiday dates typed in by hand, Easter from python-dateutil, the equal days from the
/// decree titles.
struct WorkedExample: Sendable, CustomTestStringConvertible {
    var what: String
    var start: String
    var length: TermLength
    var rule: TermRule = .atw
    var startsOn: TermStart = .entry
    var nominalEnd: String
    var end: String
    var explains: String
    /// Text the explanation must not contain.
    var never: String? = nil

    var testDescription: String { what }
}

@Suite("LegalCalendar")
struct LegalCalendarTests {
    static let examples: [WorkedExample] = [
        WorkedExample(
            what: "README: 6 weken ter inzage, Koningsdag op maandag 2026", start: "2026-03-16", length: .weeks(6),
            nominalEnd: "2026-04-26", end: "2026-04-28",
            explains: "want zondag 26-04-2026 valt in het weekend en maandag 27-04-2026 is Koningsdag (Algemene termijnenwet art. 1)."),
        WorkedExample(
            what: "zelfde termijn, begint de dag erna", start: "2026-03-16", length: .weeks(6), startsOn: .nextDay,
            nominalEnd: "2026-04-27", end: "2026-04-28",
            explains: "(de termijn begint de dag erna) eindigt op maandag 27-04-2026; verlengd naar dinsdag 28-04-2026, "
                + "want maandag 27-04-2026 is Koningsdag"),
        WorkedExample(
            what: "kalenderdagen: geen verlenging op een zondag", start: "2026-03-16", length: .weeks(6), rule: .calendar,
            nominalEnd: "2026-04-26", end: "2026-04-26",
            explains: "eindigt op zondag 26-04-2026 (kalenderdagen, zonder verlenging bij weekend of feestdag).",
            never: "verlengd"),
        WorkedExample(
            what: "Koningsdag 2025 op zaterdag 26 april (27 april is een zondag)", start: "2025-03-16", length: .weeks(6),
            nominalEnd: "2025-04-26", end: "2025-04-28",
            explains: "want zaterdag 26-04-2025 is Koningsdag en zondag 27-04-2025 valt in het weekend"),
        WorkedExample(
            what: "Hemelvaartsdag 2026 en de vrijdag erna (besluit)", start: "2026-04-30", length: .days(14),
            startsOn: .nextDay, nominalEnd: "2026-05-14", end: "2026-05-18",
            explains: "want donderdag 14-05-2026 is Hemelvaartsdag, vrijdag 15-05-2026 telt als feestdag "
                + "(vrijdag na Hemelvaartsdag) en zaterdag 16-05-2026 en zondag 17-05-2026 vallen in het weekend"),
        WorkedExample(
            what: "5 mei, Hemelvaartsdag en de vrijdag erna in 2027", start: "2027-04-22", length: .days(14),
            nominalEnd: "2027-05-05", end: "2027-05-10",
            explains: "want woensdag 05-05-2027 is Bevrijdingsdag, donderdag 06-05-2027 is Hemelvaartsdag, "
                + "vrijdag 07-05-2027 telt als feestdag (vrijdag na Hemelvaartsdag)"),
        WorkedExample(
            what: "vrijdag na Hemelvaartsdag 2028 (besluit)", start: "2028-05-12", length: .days(14), startsOn: .nextDay,
            nominalEnd: "2028-05-26", end: "2028-05-29",
            explains:
                "want vrijdag 26-05-2028 telt als feestdag (vrijdag na Hemelvaartsdag) en zaterdag 27-05-2028 en zondag 28-05-2028 vallen in het weekend"
        ),
        WorkedExample(
            what: "Hemelvaartsdag 2025 en de vrijdag erna (besluit)", start: "2025-05-16", length: .days(14),
            nominalEnd: "2025-05-29", end: "2025-06-02",
            explains: "donderdag 29-05-2025 is Hemelvaartsdag, vrijdag 30-05-2025 telt als feestdag"),
        WorkedExample(
            what: "Kerst 2026: vrijdag en zaterdag", start: "2026-12-11", length: .days(14), startsOn: .nextDay,
            nominalEnd: "2026-12-25", end: "2026-12-28",
            explains: "want vrijdag 25-12-2026 is eerste Kerstdag, zaterdag 26-12-2026 is tweede Kerstdag en "
                + "zondag 27-12-2026 valt in het weekend"),
        WorkedExample(
            what: "Kerst 2028: maandag en dinsdag", start: "2028-12-11", length: .days(15),
            nominalEnd: "2028-12-25", end: "2028-12-27",
            explains: "want maandag 25-12-2028 is eerste Kerstdag en dinsdag 26-12-2028 is tweede Kerstdag"),
        WorkedExample(
            what: "Kerst 2025: donderdag en vrijdag", start: "2025-12-12", length: .days(14),
            nominalEnd: "2025-12-25", end: "2025-12-29",
            explains: "donderdag 25-12-2025 is eerste Kerstdag, vrijdag 26-12-2025 is tweede Kerstdag"),
        WorkedExample(
            what: "Goede Vrijdag tot en met tweede Paasdag 2025", start: "2025-04-04", length: .days(14),
            startsOn: .nextDay, nominalEnd: "2025-04-18", end: "2025-04-22",
            explains: "want vrijdag 18-04-2025 is Goede Vrijdag, zaterdag 19-04-2025 "
                + "en zondag 20-04-2025 vallen in het weekend en maandag 21-04-2025 is tweede Paasdag"),
        WorkedExample(
            what: "tweede Paasdag 2027", start: "2027-03-15", length: .days(15),
            nominalEnd: "2027-03-29", end: "2027-03-30", explains: "want maandag 29-03-2027 is tweede Paasdag"),
        WorkedExample(
            what: "5 mei 2026 (elk jaar een feestdag voor de Atw)", start: "2026-04-21", length: .days(14),
            startsOn: .nextDay, nominalEnd: "2026-05-05", end: "2026-05-06",
            explains: "want dinsdag 05-05-2026 is Bevrijdingsdag"),
        WorkedExample(
            what: "tweede Pinksterdag 2026", start: "2026-05-12", length: .days(14),
            nominalEnd: "2026-05-25", end: "2026-05-26", explains: "want maandag 25-05-2026 is tweede Pinksterdag"),
        WorkedExample(
            what: "Nieuwjaarsdag 2026 en 2 januari (besluit)", start: "2025-12-19", length: .days(14),
            nominalEnd: "2026-01-01", end: "2026-01-05",
            explains: "want donderdag 01-01-2026 is Nieuwjaarsdag, vrijdag 02-01-2026 telt als feestdag "
                + "(vrijdag na Nieuwjaarsdag)"),
        WorkedExample(
            what: "Nieuwjaarsdag 2027 op vrijdag", start: "2026-12-19", length: .days(14),
            nominalEnd: "2027-01-01", end: "2027-01-04", explains: "want vrijdag 01-01-2027 is Nieuwjaarsdag"),
        WorkedExample(
            what: "Koningsdag 2028 en 28 april (besluit)", start: "2028-04-14", length: .days(14),
            nominalEnd: "2028-04-27", end: "2028-05-01",
            explains: "want donderdag 27-04-2028 is Koningsdag, vrijdag 28-04-2028 telt als feestdag (vrijdag na Koningsdag)"),
        WorkedExample(
            what: "eindigt op een gewone zaterdag", start: "2026-02-01", length: .weeks(2),
            nominalEnd: "2026-02-14", end: "2026-02-16",
            explains: "want zaterdag 14-02-2026 en zondag 15-02-2026 vallen in het weekend (Algemene termijnenwet art. 1)."),
        WorkedExample(
            what: "art. 2: drie dagen over Pasen (zaterdag, Paaszondag, tweede Paasdag)", start: "2026-04-04",
            length: .days(3), nominalEnd: "2026-04-06", end: "2026-04-08",
            explains: "want maandag 06-04-2026 is tweede Paasdag (Algemene termijnenwet art. 1); verlengd naar woensdag "
                + "08-04-2026, zodat de termijn ten minste twee dagen heeft die geen zaterdag, zondag of feestdag zijn "
                + "(Algemene termijnenwet art. 2)."),
        WorkedExample(
            what: "art. 2 zonder art. 1: zaterdag, zondag, maandag", start: "2026-03-07", length: .days(3),
            nominalEnd: "2026-03-09", end: "2026-03-10",
            explains: "eindigt op maandag 09-03-2026; verlengd naar dinsdag 10-03-2026, zodat de termijn ten minste twee "
                + "dagen heeft",
            never: "art. 1"),
        WorkedExample(
            what: "twee dagen: art. 2 geldt niet", start: "2026-03-07", length: .days(2),
            nominalEnd: "2026-03-08", end: "2026-03-09",
            explains: "want zondag 08-03-2026 valt in het weekend (Algemene termijnenwet art. 1).", never: "art. 2"),
        WorkedExample(
            what: "10 dagen, de begindag telt mee", start: "2026-09-01", length: .days(10),
            nominalEnd: "2026-09-10", end: "2026-09-10",
            explains: "10 dagen vanaf dinsdag 01-09-2026 (die dag telt als dag 1) eindigt op donderdag 10-09-2026.",
            never: "verlengd"),
        WorkedExample(
            what: "10 dagen, begint de dag erna", start: "2026-09-01", length: .days(10), startsOn: .nextDay,
            nominalEnd: "2026-09-11", end: "2026-09-11",
            explains: "10 dagen vanaf dinsdag 01-09-2026 (de termijn begint de dag erna) eindigt op vrijdag 11-09-2026."),
        WorkedExample(
            what: "werkdagen over Pasen 2026", start: "2026-04-01", length: .days(10), rule: .workingDays,
            nominalEnd: "2026-04-16", end: "2026-04-16",
            explains: "eindigt op donderdag 16-04-2026 (10 werkdagen; zaterdagen, zondagen en feestdagen tellen niet mee). "
                + "Niet geteld: vrijdag 03-04-2026 is Goede Vrijdag en maandag 06-04-2026 is tweede Paasdag."),
        WorkedExample(
            what: "een week in werkdagen vanaf Koningsdag 2026", start: "2026-04-27", length: .weeks(1),
            rule: .workingDays, nominalEnd: "2026-05-04", end: "2026-05-04",
            explains: "(5 werkdagen; zaterdagen, zondagen en feestdagen tellen niet mee). Niet geteld: maandag 27-04-2026 "
                + "is Koningsdag."),
        WorkedExample(
            what: "een maand in werkdagen vanaf 31 januari", start: "2026-01-31", length: .months(1), rule: .workingDays,
            startsOn: .nextDay, nominalEnd: "2026-02-28", end: "2026-03-02",
            explains: "verlengd naar maandag 02-03-2026, want zaterdag 28-02-2026 en zondag 01-03-2026 "
                + "vallen in het weekend (de termijn telt in werkdagen en eindigt op een werkdag)."),
        WorkedExample(
            what: "een maand in werkdagen die op een werkdag eindigt", start: "2026-03-16", length: .months(1),
            rule: .workingDays, startsOn: .nextDay, nominalEnd: "2026-04-16", end: "2026-04-16",
            explains: "eindigt op donderdag 16-04-2026 (een werkdag; de termijn telt in werkdagen).", never: "verlengd"),
        WorkedExample(
            what: "31 januari + 1 maand, de dag erna (Awb 6:8)", start: "2026-01-31", length: .months(1),
            startsOn: .nextDay, nominalEnd: "2026-02-28", end: "2026-03-02",
            explains: "1 maand vanaf zaterdag 31-01-2026 (de termijn begint de dag erna) eindigt op zaterdag 28-02-2026; "
                + "verlengd naar maandag 02-03-2026"),
        WorkedExample(
            what: "31 januari + 1 maand, begindag telt mee, kalenderdagen", start: "2026-01-31", length: .months(1),
            rule: .calendar, nominalEnd: "2026-02-28", end: "2026-02-28", explains: "eindigt op zaterdag 28-02-2026"),
        WorkedExample(
            what: "31 maart + 1 maand, begindag telt mee", start: "2026-03-31", length: .months(1), rule: .calendar,
            nominalEnd: "2026-04-30", end: "2026-04-30", explains: "eindigt op donderdag 30-04-2026"),
        WorkedExample(
            what: "31 januari 2028 + 1 maand: schrikkeldag", start: "2028-01-31", length: .months(1), startsOn: .nextDay,
            nominalEnd: "2028-02-29", end: "2028-02-29", explains: "eindigt op dinsdag 29-02-2028.", never: "verlengd"),
        WorkedExample(
            what: "6 maanden (Awb 3:18)", start: "2026-03-16", length: .months(6), startsOn: .nextDay,
            nominalEnd: "2026-09-16", end: "2026-09-16", explains: "6 maanden vanaf maandag 16-03-2026"),
    ]

    @Test("worked examples 2025–2028", arguments: examples)
    func workedExample(_ example: WorkedExample) throws {
        let start = try #require(CivilDate(example.start))
        let deadline = LegalCalendar.netherlands.deadline(
            from: start, length: example.length, rule: example.rule, startsOn: example.startsOn)
        #expect(deadline.nominalEnd.iso == example.nominalEnd)
        #expect(deadline.end.iso == example.end)
        #expect(deadline.explanation.contains(example.explains), "\(deadline.explanation)")
        if let never = example.never { #expect(!deadline.explanation.contains(never), "\(deadline.explanation)") }
        // A weekend day is said to fall in the weekend, never "zondag … is een zondag".
        #expect(!deadline.explanation.contains("is een zaterdag") && !deadline.explanation.contains("is een zondag"))
        #expect(deadline.start == start)
        #expect(deadline.extensionDays == 0)
    }

    @Test func readmeExplanationInFull() throws {
        let start = try #require(CivilDate("2026-03-16"))
        let deadline = LegalCalendar.netherlands.deadline(from: start, length: .weeks(6), rule: .atw, startsOn: .entry)
        #expect(
            deadline.explanation
                == "6 weken vanaf maandag 16-03-2026 (die dag telt als dag 1) eindigt op zondag 26-04-2026; verlengd naar "
                + "dinsdag 28-04-2026, want zondag 26-04-2026 valt in het weekend en maandag 27-04-2026 is Koningsdag "
                + "(Algemene termijnenwet art. 1).")
    }

    @Test func equalDaysComeFromTheDecreeData() throws {
        let start = try #require(CivilDate("2026-04-30"))
        let withoutDecree = LegalCalendar().deadline(from: start, length: .days(14), rule: .atw, startsOn: .nextDay)
        #expect(withoutDecree.end.iso == "2026-05-15")
        let friday = try #require(CivilDate("2026-05-15"))
        #expect(LegalCalendar().isWorkingDay(friday))
        #expect(!LegalCalendar.netherlands.isWorkingDay(friday))
        #expect(LegalCalendar.netherlands.holiday(on: friday) == "vrijdag na Hemelvaartsdag")
        let decreed = ["2026-01-02", "2026-05-15", "2027-05-07", "2028-04-28", "2028-05-26", "2025-05-30"]
        for text in decreed {
            let day = try #require(CivilDate(text))
            #expect(LegalCalendar.netherlands.equalDays[day] != nil, "\(text)")
        }
        #expect(LegalCalendar.netherlands.equalDays.count == 10)
    }

    // MARK: - Verdaging

    @Test func verdagingAddsDaysFromTheCurrentEnd() throws {
        let calendar = LegalCalendar.netherlands
        let start = try #require(CivilDate("2026-03-16"))
        let original = calendar.deadline(from: start, length: .weeks(6), rule: .atw, startsOn: .entry)
        let once = calendar.extending(original, byDays: 14)
        #expect(once.end.iso == "2026-05-12")
        #expect(once.extensionDays == 14)
        #expect(once.nominalEnd.iso == "2026-04-26")
        #expect(once.start == start)
        #expect(once.explanation == original.explanation + " Verdaagd met 14 dagen tot en met dinsdag 12-05-2026.")

        let twice = calendar.extending(once, byDays: 3)
        #expect(twice.end.iso == "2026-05-18")
        #expect(twice.extensionDays == 17)
        #expect(twice.nominalEnd.iso == "2026-04-26")
        #expect(
            twice.explanation
                == once.explanation
                + " Verdaagd met 3 dagen tot en met vrijdag 15-05-2026; verlengd naar maandag 18-05-2026, want vrijdag "
                + "15-05-2026 telt als feestdag (vrijdag na Hemelvaartsdag) en zaterdag 16-05-2026 en "
                + "zondag 17-05-2026 vallen in het weekend (Algemene termijnenwet art. 1).")
    }

    @Test func verdagingOfCalendarDaysIsNotExtended() throws {
        let start = try #require(CivilDate("2026-03-16"))
        let calendar = LegalCalendar.netherlands
        let extended = calendar.extending(
            calendar.deadline(from: start, length: .weeks(6), rule: .calendar, startsOn: .entry), byDays: 7)
        #expect(extended.end.iso == "2026-05-03")  // a Sunday
        #expect(extended.explanation.hasSuffix(" Verdaagd met 7 dagen tot en met zondag 03-05-2026."))
    }

    @Test func deadlineSurvivesCodable() throws {
        let start = try #require(CivilDate("2026-03-16"))
        let deadline = LegalCalendar.netherlands.deadline(from: start, length: .weeks(6), rule: .atw, startsOn: .entry)
        let data = try JSONEncoder().encode(deadline)
        #expect(try JSONDecoder().decode(Deadline.self, from: data) == deadline)
    }

    // MARK: - Holidays

    @Test(
        "Easter Sunday (checked against python-dateutil)",
        arguments: [
            (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2028, "2028-04-16"),
            (2016, "2016-03-27"), (2038, "2038-04-25"), (2285, "2285-03-22"),
        ])
    func easter(year: Int, expected: String) {
        #expect(DutchHolidays.easterSunday(year: year).iso == expected)
    }

    @Test func holidaysOf2026() {
        let expected = [
            ("2026-01-01", "Nieuwjaarsdag"), ("2026-04-03", "Goede Vrijdag"), ("2026-04-06", "tweede Paasdag"),
            ("2026-04-27", "Koningsdag"), ("2026-05-05", "Bevrijdingsdag"), ("2026-05-14", "Hemelvaartsdag"),
            ("2026-05-25", "tweede Pinksterdag"), ("2026-12-25", "eerste Kerstdag"), ("2026-12-26", "tweede Kerstdag"),
        ]
        let found = DutchHolidays.holidays(in: 2026).map { ($0.date.iso, $0.name) }
        #expect(found.map(\.0) == expected.map(\.0))
        #expect(found.map(\.1) == expected.map(\.1))
    }

    @Test(
        "holiday names",
        arguments: [
            ("2025-04-26", "Koningsdag"), ("2025-04-27", nil), ("2027-04-27", "Koningsdag"), ("2027-04-26", nil),
            ("2038-04-26", "tweede Paasdag"), ("2016-05-05", "Hemelvaartsdag en Bevrijdingsdag"),
            ("2028-04-14", "Goede Vrijdag"), ("2028-06-05", "tweede Pinksterdag"), ("2026-04-05", nil),
            ("2026-12-31", nil), ("2024-12-27", "vrijdag na tweede Kerstdag"),
        ] as [(String, String?)])
    func holidayName(date: String, expected: String?) throws {
        let day = try #require(CivilDate(date))
        #expect(LegalCalendar.netherlands.holiday(on: day) == expected)
        #expect(LegalCalendar.netherlands.isWorkingDay(day) == (expected == nil && !day.weekday.isWeekend))
    }

    // MARK: - Amsterdam time

    @Test(
        "civil date in Amsterdam (checked against Python zoneinfo)",
        arguments: [
            ("2026-03-28T23:30:00Z", "2026-03-29"),  // CET: 00:30 on the 29th
            ("2026-03-29T21:59:59Z", "2026-03-29"),  // CEST: 23:59:59
            ("2026-03-29T22:30:00Z", "2026-03-30"),  // CEST: 00:30 on the 30th
            ("2026-10-24T22:30:00Z", "2026-10-25"),  // CEST: 00:30 on the 25th
            ("2026-10-25T22:30:00Z", "2026-10-25"),  // CET again: 23:30 on the 25th
            ("2026-10-25T23:00:00Z", "2026-10-26"),  // CET: midnight
            ("2026-01-15T23:30:00Z", "2026-01-16"),  // winter: 00:30 the next day
            ("2026-07-01T23:30:00Z", "2026-07-02"),  // summer: 01:30 the next day
            ("2026-07-01T21:30:00Z", "2026-07-01"),  // summer: 23:30 the same day
        ])
    func amsterdamDate(instant: String, expected: String) throws {
        let date = try #require(Timestamp.parse(instant))
        #expect(CivilDate(amsterdam: date).iso == expected)
    }

    @Test(
        "start of a day in Amsterdam (checked against Python zoneinfo)",
        arguments: [
            ("2026-03-29", "2026-03-28T23:00:00Z"), ("2026-03-30", "2026-03-29T22:00:00Z"),
            ("2026-10-25", "2026-10-24T22:00:00Z"), ("2026-10-26", "2026-10-25T23:00:00Z"),
            ("2026-01-15", "2026-01-14T23:00:00Z"), ("2026-07-02", "2026-07-01T22:00:00Z"),
        ])
    func amsterdamStart(day: String, expected: String) throws {
        let date = try #require(CivilDate(day))
        #expect(Timestamp.format(date.amsterdamStart) == expected)
    }

    @Test func offsetChangesAtOneOClockUTC() throws {
        func offset(_ text: String) throws -> Int {
            AmsterdamTime.offset(atUTCSeconds: AmsterdamTime.seconds(of: try #require(Timestamp.parse(text))))
        }
        #expect(try offset("2026-03-29T00:59:59Z") == 3600)
        #expect(try offset("2026-03-29T01:00:00Z") == 7200)
        #expect(try offset("2026-10-25T00:59:59Z") == 7200)
        #expect(try offset("2026-10-25T01:00:00Z") == 3600)
    }

    @Test func agreesWithTheTimeZoneDatabaseHourByHour() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        let from = try #require(Timestamp.parse("2024-01-01T00:00:00Z"))
        for hour in stride(from: 0, to: 6 * 366 * 24, by: 1) {
            let instant = from.addingTimeInterval(Double(hour) * 3600 + 1800)
            let expected = zone.secondsFromGMT(for: instant)
            let seconds = AmsterdamTime.seconds(of: instant)
            #expect(AmsterdamTime.offset(atUTCSeconds: seconds) == expected, "\(Timestamp.format(instant))")
            if AmsterdamTime.offset(atUTCSeconds: seconds) != expected { break }
        }
    }

    // MARK: - Calendar file

    static let fileName = "workflows/calendars/nl-atw.json"

    @Test func embeddedCopyMatchesFile() throws {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            let parent = folder.deletingLastPathComponent()
            try #require(parent.path != folder.path, "no Package.swift above \(#filePath)")
            folder = parent
        }
        let text = try String(contentsOf: folder.appendingPathComponent(Self.fileName), encoding: .utf8)
        #expect(text == ShippedCalendars.nlAtw + "\n", "paste \(Self.fileName) into NetherlandsEqualDays.swift")
    }

    @Test func shippedCopyDecodes() throws {
        let calendar = try LegalCalendar(jsonBytes: Array(ShippedCalendars.nlAtw.utf8), file: Self.fileName)
        #expect(calendar == LegalCalendar.netherlands)
        #expect(calendar.equalDays.count == 10)
    }

    @Test func brokenShippedCopyFallsBackToHolidays() {
        #expect(LegalCalendar.shipped("{") == LegalCalendar())
        #expect(LegalCalendar.shipped(#"{"formatVersion": 1}"#) == LegalCalendar())
    }

    static let validDay = #"{"date": "2026-05-15", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit"}"#

    static func file(_ days: String, top: String = "") -> String {
        #"{"formatVersion": 1, "id": "test"\#(top), "equalDays": [\#(days)]}"#
    }

    @Test func decodesAValidFile() throws {
        let calendar = try LegalCalendar(jsonBytes: Array(Self.file(Self.validDay).utf8), file: "test.json")
        let friday = try #require(CivilDate("2026-05-15"))
        #expect(calendar.equalDays == [friday: "vrijdag na Hemelvaartsdag"])
    }

    @Test(
        "refuses bad calendar files",
        arguments: [
            (
                file(#"{"date": "2026-05-15", "naam": "x", "name": "y", "source": "z"}"#),
                #"test.json:1:73: fout: onbekende sleutel "naam"; toegestaan zijn date, name, source, note (/equalDays/0/naam)"#
            ),
            (file(Self.validDay, top: #", "extra": true"#), #"onbekende sleutel "extra""#),
            (file(#"{"date": "2026-02-30", "name": "x", "source": "z"}"#), "(/equalDays/0/date)"),
            (file(#"{"date": "15-05-2026", "name": "x", "source": "z"}"#), #""15-05-2026" is geen bestaande datum"#),
            (file(#"{"date": 20260515, "name": "x", "source": "z"}"#), "verwacht tekst, gevonden getal (/equalDays/0/date)"),
            (file(#"{"date": "2026-05-15", "source": "z"}"#), #"sleutel "name" ontbreekt (/equalDays/0/name)"#),
            (file(Self.validDay + ", " + Self.validDay), "2026-05-15 staat al in de lijst (/equalDays/0) (/equalDays/1/date)"),
            (#"{"formatVersion": 2, "id": "x", "equalDays": []}"#, "leest tot en met 1 (/formatVersion)"),
            (#"{"formatVersion": 1, "id": "x""#, "test.json:1:31: fout: geen geldige JSON"),
        ] as [(String, String)])
    func refuses(json: String, message: String) {
        let error = #expect(throws: CalendarFileError.self) {
            try LegalCalendar(jsonBytes: Array(json.utf8), file: "test.json")
        }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }
}

@Suite("CivilDate text")
struct CivilDateTextTests {
    @Test("a date is written as ISO and the Dutch way, as the padded numbers say, for every year a date can have")
    func dashedAsPadded() {
        // Every day of some years, and 1 January and 31 December from year 0 to far beyond 9999.
        let days =
            [1, 99, 999, 1970, 2026, 2028, 9999].flatMap { year in
                (CivilDate(year: year, month: 1, day: 1)?.dayNumber ?? 0)...(CivilDate(year: year, month: 12, day: 31)?.dayNumber ?? 0)
            } + stride(from: CivilDate.exactDayNumbers.lowerBound, through: CivilDate.exactDayNumbers.upperBound, by: 365 * 97 + 11)
        for dayNumber in days {
            let date = CivilDate(dayNumber: dayNumber)
            #expect(date.iso == CivilDate.paddedDash(year: date.year, month: date.month, day: date.day, yearFirst: true))
            #expect(date.description == CivilDate.paddedDash(year: date.year, month: date.month, day: date.day, yearFirst: false))
        }
        #expect(CivilDate(year: 2026, month: 4, day: 28)?.iso == "2026-04-28")
        #expect(CivilDate(year: 2026, month: 4, day: 28)?.description == "28-04-2026")
        #expect(CivilDate(dayNumber: CivilDate.exactDayNumbers.upperBound).iso == "262143-12-31")
        #expect(CivilDate(dayNumber: CivilDate.exactDayNumbers.lowerBound).description == "01-01-0000")
    }
}
