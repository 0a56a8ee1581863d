namespace LrSchedules.Cli;

/// <summary>The names closest to a misspelt one, by edit distance (case-insensitive), for "did you mean" messages.</summary>
internal static class NearestNames
{
    /// <summary>
    /// The <paramref name="count"/> names nearest to <paramref name="name"/>: smallest edit distance to the whole name or
    /// to its part after the namespace (so <c>StepLR</c> finds <c>torch.StepLR</c>), ties in the given order.
    /// </summary>
    public static IReadOnlyList<string> Find(string name, IEnumerable<string> names, int count)
    {
        string wanted = name.ToLowerInvariant();
        return [.. names
            .Select((n, i) => (Name: n, Index: i, Distance: Math.Min(Distance(wanted, n.ToLowerInvariant()), Distance(wanted, n[(n.IndexOf('.', StringComparison.Ordinal) + 1)..].ToLowerInvariant()))))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Index)
            .Take(count)
            .Select(x => x.Name)];
    }

    /// <summary>The Levenshtein distance between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
