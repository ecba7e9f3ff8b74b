// A copy of workflows/calendars/nl-atw.json, so that `LegalCalendar.netherlands` works without
// the repository at hand. Kept in step by `LegalCalendarTests.embeddedCopyMatchesFile`: change
// the JSON file, then paste it here unchanged.

/// Calendar files built into the library.
enum ShippedCalendars: Sendable {
    /// The text of `workflows/calendars/nl-atw.json`.
    static let nlAtw = #"""
        {
          "formatVersion": 1,
          "id": "nl-atw",
          "title": "Dagen die bij koninklijk besluit gelijkstaan aan een algemeen erkende feestdag (Algemene termijnenwet)",
          "source": "Algemene termijnenwet art. 3 lid 3; de besluiten staan in de Staatscourant, meestal één besluit voor drie jaar.",
          "note": "De data volgen de titels van de twee besluiten hieronder, zoals geciteerd door mr. W.G.H.M. van der Putten (sterfgeval.nl, vraag 70745, 4 oktober 2025). Het nummer in de Staatscourant is niet nagekeken. Voor 2029 en later is nog geen besluit bekend: vul dit bestand aan zodra het verschijnt.",
          "equalDays": [
            { "date": "2023-04-28", "name": "vrijdag na Koningsdag", "source": "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 met een algemeen erkende feestdag" },
            { "date": "2023-05-19", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 met een algemeen erkende feestdag" },
            { "date": "2024-05-10", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 met een algemeen erkende feestdag" },
            { "date": "2024-12-27", "name": "vrijdag na tweede Kerstdag", "source": "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 met een algemeen erkende feestdag" },
            { "date": "2025-05-30", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit gelijkstelling van 28 april 2023, 19 mei 2023, 10 mei 2024, 27 december 2024 en 30 mei 2025 met een algemeen erkende feestdag" },
            { "date": "2026-01-02", "name": "vrijdag na Nieuwjaarsdag", "source": "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag" },
            { "date": "2026-05-15", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag" },
            { "date": "2027-05-07", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag" },
            { "date": "2028-04-28", "name": "vrijdag na Koningsdag", "source": "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag" },
            { "date": "2028-05-26", "name": "vrijdag na Hemelvaartsdag", "source": "Besluit gelijkstelling van 2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een algemeen erkende feestdag" }
          ]
        }
        """#
}
