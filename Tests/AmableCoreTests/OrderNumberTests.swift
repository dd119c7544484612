import Testing
@testable import AmableCore

/// Order numbers are compared in one form, and only plausible ones are looked up.
struct OrderNumberTests {
    @Test(arguments: [
        ("#10482", "10482"), (" 10482 ", "10482"), ("ped-20481", "PED-20481"), ("\t#ped-20481", "PED-20481"),
        ("Pëd-1", "PËD-1"), ("", ""), ("#", ""), ("  ", ""),
    ])
    func canonical_dropsHashSpacesAndCase(raw: String, expected: String) {
        #expect(OrderNumber.canonical(raw) == expected)
    }

    @Test(arguments: [
        ("10482", true), ("1048", true), ("123456789012", true), ("PED-20481", true), ("ab-1234", true), ("ABCD-1234", true),
        ("104", false), ("1234567890123", false), ("A-1234", false), ("ABCDE-1234", false), ("PED-20481-1", false),
        ("P3D-1234", false), ("10a82", false), ("١٢٣٤٥", false), ("ÑA-1234", false), ("-1234", true), ("", false),
    ])
    func isPlausible_acceptsDigitsOrAShortPrefix(number: String, plausible: Bool) {
        #expect(OrderNumber.isPlausible(number) == plausible)
    }
}
