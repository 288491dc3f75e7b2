package id.go.patikab.patimaju.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.ServiceDetail
import id.go.patikab.patimaju.state.Loadable
import id.go.patikab.patimaju.ui.LocalStrings
import id.go.patikab.patimaju.ui.components.ErrorCard
import id.go.patikab.patimaju.ui.components.LoadingBox
import id.go.patikab.patimaju.ui.components.TopBar

/** Everything about one service, readable offline; online link and "adukan" at the end. */
@Composable
fun ServiceDetailScreen(
    state: Loadable<ServiceDetail>,
    onBack: () -> Unit,
    onOpenUrl: (String) -> Unit,
    onComplain: (String) -> Unit,
    onRetry: () -> Unit,
) {
    val s = LocalStrings.current
    Column(Modifier.fillMaxSize()) {
        TopBar((state as? Loadable.Ready)?.value?.name ?: s.tabServices, onBack)
        when (state) {
            Loadable.Loading -> LoadingBox()
            is Loadable.Failed -> ErrorCard(state.error, onRetry, Modifier.padding(16.dp))
            is Loadable.Ready -> {
                val d = state.value
                Column(
                    Modifier.fillMaxSize().verticalScroll(rememberScrollState()).padding(16.dp),
                    verticalArrangement = Arrangement.spacedBy(14.dp),
                ) {
                    Text(d.agency.name, style = MaterialTheme.typography.labelLarge, color = MaterialTheme.colorScheme.primary)
                    Text(d.summary, style = MaterialTheme.typography.bodyLarge)
                    Section(s.serviceRequirements, d.requirements, numbered = false)
                    Section(s.serviceSteps, d.steps, numbered = true)
                    Section(s.serviceFee, listOf(d.fee), numbered = false)
                    Section(s.serviceDuration, listOf(d.duration), numbered = false)
                    Section(
                        s.serviceLocations,
                        d.locations.map { l ->
                            listOfNotNull(l.name, l.address, l.mppCounter?.let(s::serviceMppCounter)).joinToString("\n")
                        },
                        numbered = false,
                    )
                    Section(s.serviceHours, listOf(d.hours), numbered = false)
                    Section(s.serviceContacts, d.contacts.map { "${it.label}: ${it.url}" }, numbered = false)
                    Section(s.serviceLegalBasis, d.legalBasis, numbered = false)
                    d.onlineUrl?.let { url -> Button(onClick = { onOpenUrl(url) }) { Text(s.serviceOpenOnline) } }
                    OutlinedButton(onClick = { onComplain(d.id) }) { Text(s.serviceFileComplaint) }
                }
            }
        }
    }
}

@Composable
private fun Section(
    title: String,
    lines: List<String>,
    numbered: Boolean,
) {
    if (lines.isEmpty() || lines.all { it.isBlank() }) return
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(title, style = MaterialTheme.typography.titleMedium)
        lines.forEachIndexed { i, line ->
            Text(if (numbered) "${i + 1}. $line" else if (lines.size > 1) "• $line" else line, style = MaterialTheme.typography.bodyMedium)
        }
    }
}
