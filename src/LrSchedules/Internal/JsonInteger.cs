namespace LrSchedules.Internal;

/// <summary>
/// Reads a JSON number as an integer exactly: <c>10</c>, <c>10.0</c>, <c>1e3</c> and <c>-0</c> are integers; <c>1e-400</c>,
/// <c>5.0000000000000000000000000000001</c> and anything outside <c>long</c> are not. (A decimal or double parse rounds
/// such numbers to an integer first: decimal keeps 28 digits and flushes <c>1e-400</c> to 0.)
/// </summary>
internal static class JsonInteger
{
    /// <summary>Parses <paramref name="text"/>, a JSON number, as an exact integer in <c>long</c>.</summary>
    /// <returns>False for a fractional number, one outside <c>long</c>, or text that is not a JSON number.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        int i = 0;
        bool negative = i < text.Length && text[i] == '-';
        if (negative)
        {
            i++;
        }

        int intStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var intDigits = text[intStart..i];
        var fracDigits = ReadOnlySpan<char>.Empty;
        if (i < text.Length && text[i] == '.')
        {
            int fracStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fracDigits = text[fracStart..i];
            if (fracDigits.IsEmpty)
            {
                return false;
            }
        }

        if (intDigits.IsEmpty)
        {
            return false;
        }

        // The decimal exponent, clamped: any magnitude past 1000 decides the same way.
        long exponent = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            bool negativeExponent = i < text.Length && text[i] == '-';
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                i++;
            }

            int expStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                exponent = Math.Min((exponent * 10) + (text[i] - '0'), 1000);
                i++;
            }

            if (i == expStart)
            {
                return false;
            }

            exponent = negativeExponent ? -exponent : exponent;
        }

        if (i != text.Length)
        {
            return false;
        }

        // The number is D * 10^scale, D the integer of all its digits.
        long scale = exponent - fracDigits.Length;
        int first = 0, count = intDigits.Length + fracDigits.Length;
        while (first < count && Digit(intDigits, fracDigits, first) == 0)
        {
            first++;
        }

        if (first == count)
        {
            return true; // zero, whatever its exponent
        }

        int last = count - 1;
        while (Digit(intDigits, fracDigits, last) == 0)
        {
            last--;
            scale++;
        }

        int significant = last - first + 1;
        if (scale < 0 || significant + scale > 19)
        {
            return false; // fractional, or at least 10^19
        }

        ulong magnitude = 0;
        for (int k = first; k <= last; k++)
        {
            magnitude = (magnitude * 10) + (ulong)Digit(intDigits, fracDigits, k);
        }

        for (long k = 0; k < scale; k++)
        {
            magnitude *= 10;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(0 - magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    private static int Digit(ReadOnlySpan<char> intDigits, ReadOnlySpan<char> fracDigits, int index)
        => (index < intDigits.Length ? intDigits[index] : fracDigits[index - intDigits.Length]) - '0';
}
