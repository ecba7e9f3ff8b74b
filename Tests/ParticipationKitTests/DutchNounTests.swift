import Foundation
import Testing

@testable import ParticipationKit

@Suite("DutchNoun")
struct DutchNounTests {
    @Test("the singular goes with 1 only; 0 and every other count take the plural, with Dutch thousands")
    func counted() {
        let noun = DutchNoun("reactie", "reacties")
        #expect(noun.counted(1) == "1 reactie")
        #expect(noun.counted(0) == "0 reacties")
        #expect(noun.counted(2) == "2 reacties")
        #expect(noun.counted(4000) == "4.000 reacties")
        #expect(DutchNoun.inbreng.counted(1) == "1 stuk inbreng")
        #expect(DutchNoun.inbreng.counted(3) == "3 stuks inbreng")
        #expect(DutchNoun.agreeing(1, "heeft", "hebben") == "heeft")
        #expect(DutchNoun.agreeing(0, "heeft", "hebben") == "hebben")
    }

    @Test("beide for two, alle N for more, nothing for one or none")
    func all() {
        #expect(DutchNoun.all(0) == nil)
        #expect(DutchNoun.all(1) == nil)
        #expect(DutchNoun.all(2) == "beide")
        #expect(DutchNoun.all(3) == "alle 3")
        #expect(DutchNoun.all(1200) == "alle 1.200")
    }

    @Test("a label's regular plural where it is beyond doubt, and none where it is not")
    func regularPlurals() {
        #expect(DutchNoun.regularPlural(of: "Inspraakreactie") == "Inspraakreacties")
        #expect(DutchNoun.regularPlural(of: "Reactie op de uitvoering") == "Reacties op de uitvoering")
        #expect(DutchNoun.regularPlural(of: "Uitdaging") == "Uitdagingen")
        #expect(DutchNoun.regularPlural(of: "Idee") == "Ideeën")
        #expect(DutchNoun.regularPlural(of: "Zienswijze") == "Zienswijzen")
        for label in ["Voorstel", "Advies", "Signaal uit de uitvoering", "Categorie", "Punt uit de brief", "Verzoek", ""] {
            #expect(DutchNoun.regularPlural(of: label) == nil, "\(label)")
        }
    }

    @Test("inside a sentence the first letter is small, unless the word starts with two capitals")
    func lowercased() {
        #expect(DutchNoun("Idee", "Ideeën").lowercased == DutchNoun("idee", "ideeën"))
        #expect(DutchNoun("AVG-verzoek", "AVG-verzoeken").lowercased == DutchNoun("AVG-verzoek", "AVG-verzoeken"))
    }
}
