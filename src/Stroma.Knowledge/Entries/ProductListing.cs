namespace Stroma.Knowledge;

/// <summary>
/// An approved product as the review's text lists it (section 1.4.2.2, the paragraph after its Table 3 image):
/// the short name, the indication in the list's words and the review's words themselves. The trial landscape's
/// table of approved products prints these.
/// </summary>
/// <param name="Label">The name the list uses (e.g. "Alofisel").</param>
/// <param name="Indication">The indication as the list words it.</param>
/// <param name="Quote">The review's words naming the product and its approval.</param>
public sealed record ProductListing(string Label, string Indication, string Quote);
