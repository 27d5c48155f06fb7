//! Device permissions the app requests, with why: permission names in sentences that speak of
//! permissions, and in the permission columns of tables.

use super::statements::{Found, What};
use super::{push_clause_id, push_unique, Column, Context, Topic};
use crate::model::practices::Permission;

/// Permissions requested, and where each was found (for the statements).
pub(crate) fn extract(ctx: &Context) -> (Vec<Permission>, Vec<Found>) {
    let entries = &ctx.dict.dictionaries.permissions;
    let mut out: Vec<Permission> = Vec::new();
    let mut found = Vec::new();
    for view in &ctx.clauses {
        if view.topic == Some(Topic::Definitions) {
            continue;
        }
        for unit in &view.units {
            let in_table = view.is_row();
            if in_table && unit.column != Some(Column::Permission) {
                continue;
            }
            let n = unit.n();
            let speaks_of_permissions = in_table
                || n.contains("权限")
                || n.contains("permission")
                || n.contains("usagedescription");
            if !speaks_of_permissions {
                continue;
            }
            let reason = (!in_table).then(|| unit.text.to_owned());
            let purposes: Vec<String> = if in_table {
                view.units
                    .iter()
                    .filter(|u| u.column == Some(Column::Purpose))
                    .flat_map(|u| &u.purposes)
                    .filter_map(|h| ctx.dict.dictionaries.purposes.get(h.entry))
                    .map(|p| p.code.clone())
                    .collect()
            } else {
                unit.purposes
                    .iter()
                    .filter_map(|h| ctx.dict.dictionaries.purposes.get(h.entry))
                    .map(|p| p.code.clone())
                    .collect()
            };
            for hit in unit.permissions() {
                let Some(e) = entries.get(hit.entry) else {
                    continue;
                };
                found.push(Found::at(
                    view,
                    unit,
                    What::Permission {
                        name: e.name.clone(),
                        purposes: purposes.clone(),
                    },
                ));
                let slot = match out.iter().position(|p| p.name == e.name) {
                    Some(i) => i,
                    None => {
                        out.push(Permission {
                            name: e.name.clone(),
                            android: e.android.clone(),
                            ios: e.ios.clone(),
                            ..Permission::default()
                        });
                        out.len() - 1
                    }
                };
                let Some(p) = out.get_mut(slot) else { continue };
                push_clause_id(&mut p.clauses, view.id());
                for code in &purposes {
                    push_unique(&mut p.purposes, code.clone());
                }
                // Only a sentence of prose explains a permission; a table row's purpose cell
                // describes the SDK. Keep the first.
                if p.reason.is_none() && !in_table {
                    p.reason = reason.clone();
                }
            }
        }
    }
    (out, found)
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::extract::testing::doc;

    #[test]
    fn permissions_with_reasons() {
        let d = doc(&[
            "## 权限说明",
            "为实现拍照更换头像的功能，我们需要获取您设备的“相机-拍摄”权限。",
            "我们可能在相机里看到风景。",
            "| 权限名称 | 使用目的 |",
            "| android.permission.ACCESS_FINE_LOCATION | 定位服务 |",
        ]);
        let p = extract(&d);
        let names: Vec<&str> = p.permissions.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["相机", "位置"]);
        assert!(p.permissions[0]
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("头像"));
        assert_eq!(p.permissions[0].android, ["android.permission.CAMERA"]);
        assert_eq!(p.permissions[1].purposes, ["location_service"]);
    }
}
