using System.Globalization;

namespace LrSchedules.Tests.TestSupport;

/// <summary>
/// Sets <see cref="CultureInfo.CurrentCulture"/> and <see cref="CultureInfo.CurrentUICulture"/> to a culture that
/// formats numbers with a decimal comma (de-DE), and restores the previous cultures on dispose.
/// </summary>
/// <remarks>
/// The repository builds with <c>InvariantGlobalization</c>, where predefined cultures such as de-DE may be unavailable; in
/// that case a clone of the invariant culture with German number formatting is used instead, so the test still sees a
/// culture whose decimal separator is a comma.
/// </remarks>
internal sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _previous;
    private readonly CultureInfo _previousUi;

    private CultureScope(CultureInfo culture)
    {
        _previous = CultureInfo.CurrentCulture;
        _previousUi = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    /// <summary>Switches to de-DE (or an equivalent decimal-comma culture).</summary>
    public static CultureScope German()
    {
        CultureInfo culture;
        try
        {
            culture = (CultureInfo)new CultureInfo("de-DE").Clone();
        }
        catch (CultureNotFoundException)
        {
            culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        }

        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.CurrencyDecimalSeparator = ",";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        return new CultureScope(culture);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        CultureInfo.CurrentCulture = _previous;
        CultureInfo.CurrentUICulture = _previousUi;
    }
}
