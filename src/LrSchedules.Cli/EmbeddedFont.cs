using ScottPlot;
using SkiaSharp;

namespace LrSchedules.Cli;

/// <summary>
/// The font every plot is drawn with: DejaVu Sans, embedded in this assembly (Bitstream Vera licence, see
/// <c>Fonts/LICENSE.txt</c>), because a machine may have no font installed at all (a fresh Debian has none) and the
/// native Skia build used here (SkiaSharp.NativeAssets.Linux.NoDependencies) reads no fontconfig; with no font, Skia
/// draws no text. It also makes the output the same on every machine.
/// </summary>
internal sealed class EmbeddedFont : IFontResolver
{
    /// <summary>The family name plots ask for; the typeface reports it too, so SVG text names it in <c>font-family</c>.</summary>
    public const string Family = "DejaVu Sans";

    private const string ResourceName = "LrSchedules.Cli.Fonts.DejaVuSans.ttf";

    private static readonly Lock Gate = new();
    private static EmbeddedFont? s_registered;

    private readonly SKTypeface _typeface;

    private EmbeddedFont(SKTypeface typeface)
    {
        _typeface = typeface;
    }

    /// <summary>Registers the font with ScottPlot (once per process) ahead of the system fonts, and makes it the default.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (s_registered is not null)
            {
                return;
            }

            using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException("the embedded font " + ResourceName + " is missing from the assembly.");
            using var data = SKData.Create(stream);
            var typeface = SKTypeface.FromData(data)
                ?? throw new InvalidOperationException("the embedded font " + ResourceName + " cannot be loaded.");
            s_registered = new EmbeddedFont(typeface);
            Fonts.FontResolvers.Insert(0, s_registered);
            Fonts.Default = Family;
        }
    }

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width)
        => fontName == Family ? _typeface : null;

    /// <inheritdoc/>
    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        => fontName == Family ? _typeface : null;
}
