using LrSchedules.Cli;
using SkiaSharp;

namespace LrSchedules.Tests.Cli;

/// <summary>
/// A decoded PNG from <c>lrs plot</c> with the layout the renderer reported: maps a (step, value) to its pixel the way the
/// axes do (linear in both, log10 of the value on a log axis) and finds the curves' pixels by colour.
/// </summary>
internal sealed class PlotImage : IDisposable
{
    private readonly SKBitmap _bitmap;

    private PlotImage(SKBitmap bitmap, PlotLayout layout, bool logY)
    {
        _bitmap = bitmap;
        Layout = layout;
        LogY = logY;
    }

    public PlotLayout Layout { get; }

    public bool LogY { get; }

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    public static PlotImage Load(string path, PlotLayout layout, bool logY = false)
        => new(SKBitmap.Decode(path) ?? throw new InvalidDataException(path + " is not a decodable image."), layout, logY);

    public void Dispose() => _bitmap.Dispose();

    /// <summary>The pixel column of a step.</summary>
    public double Column(double step) => Layout.Left + ((step - Layout.XMin) / (Layout.XMax - Layout.XMin) * (Layout.Right - Layout.Left));

    /// <summary>The pixel row of a value (rows grow downwards).</summary>
    public double Row(double value)
    {
        double y = LogY ? Math.Log10(value) : value;
        return Layout.Bottom - ((y - Layout.YMin) / (Layout.YMax - Layout.YMin) * (Layout.Bottom - Layout.Top));
    }

    public SKColor Pixel(int x, int y) => _bitmap.GetPixel(x, y);

    /// <summary>Whether a pixel within <paramref name="radius"/> of (x, y) has (nearly) the colour 0xRRGGBB.</summary>
    public bool HasColorNear(double x, double y, uint rgb, int radius)
    {
        int cx = (int)Math.Round(x), cy = (int)Math.Round(y);
        for (int dy = -radius; dy <= radius; dy++)
        {
            for (int dx = -radius; dx <= radius; dx++)
            {
                if (IsColor(cx + dx, cy + dy, rgb))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The rows of column <paramref name="x"/> inside the data area whose pixel has (nearly) the colour.</summary>
    public IReadOnlyList<int> RowsWithColor(double x, uint rgb)
    {
        int cx = (int)Math.Round(x);
        var rows = new List<int>();
        for (int y = (int)Math.Ceiling(Layout.Top) + 1; y < (int)Layout.Bottom; y++)
        {
            if (IsColor(cx, y, rgb))
            {
                rows.Add(y);
            }
        }

        return rows;
    }

    /// <summary>Whether a pixel is dark (text, the frame): every channel below 110.</summary>
    public bool IsDark(int x, int y)
    {
        var p = _bitmap.GetPixel(x, y);
        return p.Red < 110 && p.Green < 110 && p.Blue < 110;
    }

    /// <summary>Counts the dark pixels of a rectangle.</summary>
    public int DarkPixels(int left, int top, int right, int bottom)
    {
        int n = 0;
        for (int y = Math.Max(0, top); y < Math.Min(Height, bottom); y++)
        {
            for (int x = Math.Max(0, left); x < Math.Min(Width, right); x++)
            {
                n += IsDark(x, y) ? 1 : 0;
            }
        }

        return n;
    }

    private bool IsColor(int x, int y, uint rgb, int tolerance = 40)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return false;
        }

        var p = _bitmap.GetPixel(x, y);
        return Math.Abs(p.Red - (int)((rgb >> 16) & 0xFF)) <= tolerance
            && Math.Abs(p.Green - (int)((rgb >> 8) & 0xFF)) <= tolerance
            && Math.Abs(p.Blue - (int)(rgb & 0xFF)) <= tolerance;
    }
}
