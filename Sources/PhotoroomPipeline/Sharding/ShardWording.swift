import Foundation

/// The words a part uses for itself in the preflight, the estimate and the summary: it speaks for its own
/// inputs, its own cost and its own budget, and says that the balance is the account's, shared by every part.
public enum ShardWording {
    /// `part 2 of 3: 340 images` (the part's inputs).
    public static func heading(_ shard: ShardSpec, inputs: Int) -> String {
        "\(shard.wording): \(grouped(Decimal(inputs))) \(inputs == 1 ? "image" : "images")"
    }

    /// What a part must know about money: the balance is shared, `--max-credits` is its own, and what all the
    /// parts would need if each costs about what this one does.
    ///
    /// `the balance of 1,000 is shared with the other parts; 3 parts like this one need about 1,020 images: the
    /// balance may run out before they all finish; --max-credits 400 is for this part alone`.
    public static func moneyNote(_ shard: ShardSpec, partCost: Decimal?, balance: Decimal?, budget: Decimal?) -> String?
    {
        guard shard.count > 1 else { return nil }
        var notes: [String] = []
        if let balance {
            notes.append("the balance of \(grouped(balance)) is shared with the other parts")
            if let partCost, partCost > 0 {
                let whole = partCost * Decimal(shard.count)
                if whole > balance {
                    notes.append(
                        "\(shard.count) parts like this one need about \(grouped(whole)) images: "
                            + "the balance may run out before they all finish"
                    )
                }
            }
        }
        if let budget { notes.append("--max-credits \(grouped(budget)) is for this part alone") }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// A number with thousands separators: `1,000`, `12.5`.
    public static func grouped(_ value: Decimal) -> String {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        formatter.decimalSeparator = "."
        formatter.maximumFractionDigits = 4
        return formatter.string(from: NSDecimalNumber(decimal: value)) ?? "\(value)"
    }
}

extension String {
    /// The text with its first letter in upper case (`part 2 of 3` → `Part 2 of 3`).
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
