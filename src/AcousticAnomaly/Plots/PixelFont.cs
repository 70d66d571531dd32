namespace AcousticAnomaly.Plots;

/// <summary>
/// A 3x5 pixel font (digits, capitals, a little punctuation; lower case drawn as capitals, anything else as '?') so the
/// PNG charts can carry counts and labels without a font dependency. Each glyph is 5 rows of 3 pixels, top row first,
/// '#' = ink.
/// </summary>
internal static class PixelFont
{
    public const int Width = 3, Height = 5;

    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['0'] = "### #.# #.# #.# ###", ['1'] = ".#. ##. .#. .#. ###", ['2'] = "### ..# ### #.. ###", ['3'] = "### ..# .## ..# ###",
        ['4'] = "#.# #.# ### ..# ..#", ['5'] = "### #.. ### ..# ###", ['6'] = "### #.. ### #.# ###", ['7'] = "### ..# ..# .#. .#.",
        ['8'] = "### #.# ### #.# ###", ['9'] = "### #.# ### ..# ###", ['A'] = ".#. #.# ### #.# #.#", ['B'] = "##. #.# ##. #.# ##.",
        ['C'] = ".## #.. #.. #.. .##", ['D'] = "##. #.# #.# #.# ##.", ['E'] = "### #.. ##. #.. ###", ['F'] = "### #.. ##. #.. #..",
        ['G'] = ".## #.. #.# #.# .##", ['H'] = "#.# #.# ### #.# #.#", ['I'] = "### .#. .#. .#. ###", ['J'] = "..# ..# ..# #.# .#.",
        ['K'] = "#.# #.# ##. #.# #.#", ['L'] = "#.. #.. #.. #.. ###", ['M'] = "#.# ### ### #.# #.#", ['N'] = "##. #.# #.# #.# #.#",
        ['O'] = ".#. #.# #.# #.# .#.", ['P'] = "##. #.# ##. #.. #..", ['Q'] = ".#. #.# #.# ##. .##", ['R'] = "##. #.# ##. #.# #.#",
        ['S'] = ".## #.. .#. ..# ##.", ['T'] = "### .#. .#. .#. .#.", ['U'] = "#.# #.# #.# #.# ###", ['V'] = "#.# #.# #.# #.# .#.",
        ['W'] = "#.# #.# ### ### #.#", ['X'] = "#.# #.# .#. #.# #.#", ['Y'] = "#.# #.# .#. .#. .#.", ['Z'] = "### ..# .#. #.. ###",
        ['-'] = "... ... ### ... ...", ['_'] = "... ... ... ... ###", ['.'] = "... ... ... ... .#.", [' '] = "... ... ... ... ...",
        ['%'] = "#.. ..# .#. #.. ..#", ['('] = ".#. #.. #.. #.. .#.", [')'] = ".#. ..# ..# ..# .#.", ['='] = "... ### ... ### ...",
        [':'] = "... .#. ... .#. ...", ['/'] = "..# ..# .#. #.. #..", ['+'] = "... .#. ### .#. ...", [','] = "... ... ... .#. #..",
        ['?'] = "### ..# .#. ... .#.",
    };

    /// <summary>Whether pixel (<paramref name="x"/>, <paramref name="y"/>) of a character's glyph is ink.</summary>
    public static bool Ink(char c, int x, int y)
    {
        var glyph = Glyphs.GetValueOrDefault(char.ToUpperInvariant(c)) ?? Glyphs['?'];
        return glyph[y * (Width + 1) + x] == '#';
    }

    /// <summary>Pixels a text takes across at <paramref name="scale"/> (one blank column between glyphs).</summary>
    public static int TextWidth(string text, int scale) => text.Length == 0 ? 0 : (text.Length * (Width + 1) - 1) * scale;
}
