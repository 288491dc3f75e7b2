package id.go.patikab.patimaju.ui.components

import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.shape.RoundedCornerShape
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.dp
import id.go.patikab.patimaju.core.DeliveryState
import id.go.patikab.patimaju.core.WorkflowStatus
import id.go.patikab.patimaju.i18n.delivery
import id.go.patikab.patimaju.i18n.status
import id.go.patikab.patimaju.ui.LocalStrings

/** The workflow status once the server has the complaint, else where it is on the way there. */
@Composable
fun StatusChip(
    status: WorkflowStatus?,
    delivery: DeliveryState,
) {
    val s = LocalStrings.current
    val (text, color) =
        when {
            delivery == DeliveryState.FAILED -> s.delivery(delivery) to MaterialTheme.colorScheme.errorContainer
            status == null -> s.delivery(delivery) to MaterialTheme.colorScheme.surfaceVariant
            status == WorkflowStatus.RESOLVED || status == WorkflowStatus.CLOSED -> s.status(status) to MaterialTheme.colorScheme.primaryContainer
            status == WorkflowStatus.REJECTED -> s.status(status) to MaterialTheme.colorScheme.errorContainer
            else -> s.status(status) to MaterialTheme.colorScheme.secondaryContainer
        }
    Surface(shape = RoundedCornerShape(12.dp), color = color.takeIf { it != Color.Unspecified } ?: MaterialTheme.colorScheme.surfaceVariant) {
        Text(text, Modifier.padding(horizontal = 10.dp, vertical = 4.dp), style = MaterialTheme.typography.labelMedium)
    }
}
