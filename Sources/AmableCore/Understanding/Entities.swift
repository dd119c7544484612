import Foundation

/// The facts a customer gave in one message: order numbers, contact details, postal codes and amounts.
///
/// Values are canonical so the dialogue can compare and store them as they are:
/// order numbers are `"10482"` or `"PED-20481"`, emails are lowercased, and phones
/// are digits with `+` and the country code only when the customer wrote one.
public struct Entities: Sendable, Equatable, Codable {
    /// Order references: a digit run (`"10482"`) or an uppercased letter code with a dash (`"PED-20481"`).
    public var orderNumbers: [String]
    /// Email addresses, lowercased.
    public var emails: [String]
    /// Phone numbers as digits, e.g. `"+34612345678"` or `"612345678"`.
    public var phones: [String]
    /// Spanish postal codes with the region that decides shipping cost and tax.
    public var postalCodes: [PostalCode]
    /// Money amounts with their ISO 4217 currency.
    public var amounts: [Money]

    /// Whether nothing was found.
    public var isEmpty: Bool {
        orderNumbers.isEmpty && emails.isEmpty && phones.isEmpty && postalCodes.isEmpty && amounts.isEmpty
    }

    public init(
        orderNumbers: [String] = [],
        emails: [String] = [],
        phones: [String] = [],
        postalCodes: [PostalCode] = [],
        amounts: [Money] = []
    ) {
        self.orderNumbers = orderNumbers
        self.emails = emails
        self.phones = phones
        self.postalCodes = postalCodes
        self.amounts = amounts
    }
}

/// A five-digit Spanish postal code and the region it lies in.
public struct PostalCode: Sendable, Equatable, Codable {
    public var code: String
    public var region: Region

    public init(code: String, region: Region) {
        self.code = code
        self.region = region
    }

    /// Validates `code` as a Spanish postal code and derives its region; nil when it is not one.
    ///
    /// The first two digits are the INE province number, 01–52; anything else
    /// (00, 53–99) is not a Spanish code even when it has five digits.
    public init?(_ code: String) {
        let digits = Array(code.utf8)
        guard digits.count == 5, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        let region: Region
        switch Int(digits[0] - UInt8(ascii: "0")) * 10 + Int(digits[1] - UInt8(ascii: "0")) {
        case 35, 38: region = .canary  // Las Palmas, Santa Cruz de Tenerife
        case 7: region = .balearic
        case 51: region = .ceuta
        case 52: region = .melilla
        case 1...50: region = .mainland
        default: return nil
        }
        self.init(code: code, region: region)
    }
}

/// Where in Spain a postal code lies: the islands and the two cities ship and tax differently.
///
/// The Canary Islands, Ceuta and Melilla are outside the EU VAT area (IGIC and
/// IPSI apply instead), and the islands carry extra shipping, so prices quoted
/// there must say so.
public enum Region: String, Sendable, Codable {
    case mainland
    case balearic = "balearic_islands"
    case canary = "canary_islands"
    case ceuta
    case melilla
}

/// An amount of money in one currency.
public struct Money: Sendable, Equatable, Codable {
    /// The amount as written, without rounding: `20,50 €` is 20.50.
    public var amount: Decimal
    /// ISO 4217 code: `EUR`, `USD`, `GBP`, `MXN`.
    public var currency: String

    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}
