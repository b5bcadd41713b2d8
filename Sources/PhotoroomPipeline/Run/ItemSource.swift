import Foundation

/// Where a prepared item's bytes come from. The engine reads an item's bytes only through its source, so an item
/// does not have to be a local file (a product feed's image URLs are next).
enum ItemSource: Sendable, Equatable {
    /// A file on the local disk: its bytes are uploaded.
    case file(URL)
}
