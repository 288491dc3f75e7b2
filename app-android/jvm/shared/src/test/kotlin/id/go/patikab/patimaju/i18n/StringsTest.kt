package id.go.patikab.patimaju.i18n

import id.go.patikab.patimaju.core.Language
import id.go.patikab.patimaju.data.AppError
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File
import javax.xml.parsers.DocumentBuilderFactory

class StringsTest {
    private val tables = Language.entries.associateWith(::stringsFor)

    @Test
    fun `Indonesian is the default and every language has its own table`() {
        assertEquals(Language.ID, languageOf(null))
        assertEquals(Language.ID, languageOf("fr"))
        assertEquals(Language.JV, languageOf("jv"))
        assertEquals(Language.ID, languageForLocale("in"), "Android's old code for Indonesian")
        assertEquals(Language.EN, languageForLocale("EN"))
        assertEquals(3, tables.values.toSet().size)
        for (l in Language.entries) assertEquals(l, languageOf(l.code))
    }

    @Test
    fun `no text is blank, and English and Javanese are translated, not copied`() {
        // The interface's properties, read through their getters (no kotlin-reflect needed).
        val getters = Strings::class.java.methods.filter { it.parameterCount == 0 && it.name.startsWith("get") }
        assertTrue(getters.size > 100, "${getters.size} texts")
        fun text(table: Strings, getter: java.lang.reflect.Method) = getter.invoke(table) as String
        for ((lang, table) in tables) {
            for (g in getters) assertTrue(text(table, g).isNotBlank(), "$lang ${g.name}")
        }
        val sameInEnglish = getters.filter { text(IndonesianStrings, it) == text(EnglishStrings, it) }.map { it.name }
        assertEquals(listOf("getAppName"), sameInEnglish, "only the app's name is the same in English")
        assertNotEquals(IndonesianStrings.tabHome, JavaneseStrings.tabHome)
    }

    @Test
    fun `every error has a sentence in every language`() {
        val errors =
            listOf(
                AppError.Offline, AppError.ServerProblem("x"), AppError.UpdateRequired, AppError.NotFound("x"),
                AppError.Storage("x"), AppError.Unexpected("x"), AppError.Invalid("x"), AppError.PhotoRefused("corrupt"),
            )
        for (table in tables.values) assertEquals(errors.size, errors.map { table.errorText(it) }.toSet().size)
    }

    @Test
    fun `Android string resources have the same keys in id, en and jv`() {
        val res = File(System.getProperty("pati.test.androidRes") ?: error("pati.test.androidRes not set"))
        fun keys(folder: String): Set<String> {
            val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(File(res, "$folder/strings.xml"))
            val nodes = doc.getElementsByTagName("string")
            return (0 until nodes.length).map { nodes.item(it).attributes.getNamedItem("name").nodeValue }.toSet()
        }
        val id = keys("values")
        assertTrue("app_name" in id && "notification_channel_status" in id, "$id")
        assertEquals(id, keys("values-en"))
        assertEquals(id, keys("values-jv"))
    }
}
